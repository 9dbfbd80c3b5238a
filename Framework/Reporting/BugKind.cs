namespace Weft.Reporting;

/// <summary>The kind of a bug found by an exploration.</summary>
/// <remarks>
/// Each kind has a stable kebab-case name (see <see cref="BugKindNames"/>) used by reports, trace files,
/// the command line and scenario declarations.
/// </remarks>
public enum BugKind
{
    /// <summary>No bug: the value a correct scenario declares as its expected result.</summary>
    None = 0,

    /// <summary>An assertion failed: a <c>Check.That</c>, a Coyote specification, or a test framework's <c>Assert</c>.</summary>
    AssertionFailure,

    /// <summary>An exception escaped the test or a thread it started.</summary>
    UnhandledException,

    /// <summary>Every logical task is blocked and none can make progress.</summary>
    Deadlock,

    /// <summary>The test did not finish within the scheduling-step bound, or a liveness check failed.</summary>
    Hang,

    /// <summary>Two accesses to one memory location, at least one a write, not ordered by happens-before.</summary>
    DataRace,

    /// <summary>A logical task was still pending when the test returned.</summary>
    LeakedTask,
}
