namespace Weft.Cli;

/// <summary>Every exit code of <c>weft</c>; <c>weft --help</c> and the README list them from here.</summary>
internal enum ExitCode
{
    /// <summary>No bug was found; also <c>--help</c> and <c>--version</c>.</summary>
    Success = 0,

    /// <summary><c>explore</c> found at least one bug (in a correct or a buggy scenario), or <c>replay</c> reproduced the trace's bug.</summary>
    BugsFound = 1,

    /// <summary>The command line or its input is wrong: an unknown option, value or scenario, or a trace file that is missing,
    /// corrupt, of a newer format, or recorded for another test.</summary>
    UsageError = 2,

    /// <summary><c>replay</c> ran the trace but did not meet the recorded bug.</summary>
    NotReproduced = 4,

    /// <summary>Weft itself failed; <c>--diagnostics</c> prints the stack trace.</summary>
    InternalError = 5,

    /// <summary>The run was cancelled with Ctrl+C.</summary>
    Cancelled = 130,
}
