using Weft.Exploration;

namespace Weft;

/// <summary>Thrown by <see cref="Explorer.AssertNoBugs(Func{Task}, ExplorationOptions?, string)"/> when an exploration found bugs;
/// any test framework then fails the test with the report as its message.</summary>
/// <remarks>The message lists each bug with its kind, iteration, trace file and the command that replays it.
/// <b>Thread safety:</b> immutable.</remarks>
public sealed class BugFoundException : Exception
{
    /// <summary>Creates the exception for a report that has bugs.</summary>
    public BugFoundException(ExplorationReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString())
    {
        Report = report;
    }

    /// <summary>The exploration's report.</summary>
    public ExplorationReport Report { get; }
}
