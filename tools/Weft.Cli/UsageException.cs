namespace Weft.Cli;

/// <summary>The command line or its input is wrong; the message is the one line printed after <c>weft: error:</c>.</summary>
/// <remarks>Leads to <see cref="ExitCode.UsageError"/>. Thrown only by the verbs, and caught only by <see cref="CliApplication"/>.</remarks>
internal sealed class UsageException(string message) : Exception(message);
