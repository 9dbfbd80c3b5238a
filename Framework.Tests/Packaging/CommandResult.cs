namespace Weft.Tests.Packaging;

/// <summary>What one <c>dotnet</c> command did: its exit code and its standard output and error, interleaved.</summary>
/// <param name="Command">The command line, for messages.</param>
/// <param name="ExitCode">The exit code, or -1 when the command timed out and was killed.</param>
/// <param name="Output">Everything the command wrote, standard output and standard error in arrival order.</param>
internal sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <summary>The command, its exit code and its whole output: the message of a failed assertion.</summary>
    public override string ToString() => $"`{Command}` exited with {ExitCode}. Output:{Environment.NewLine}{Output}";
}
