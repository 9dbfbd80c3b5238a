using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>One of the two accesses of a data race.</summary>
/// <param name="Kind">Read or write, plain or atomic.</param>
/// <param name="Site">Where in the source, e.g. <c>Counter.cs:25 (Counter.IncrementAsync)</c>.</param>
/// <param name="Task">The logical task that made the access.</param>
/// <param name="TaskSpawnSite">How and where that task was started, e.g. <c>Task.Run at Counter.cs:18</c>.</param>
/// <remarks><b>Thread safety:</b> immutable.</remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed record RaceAccess(AccessKind Kind, string Site, int Task, string TaskSpawnSite)
{
    /// <summary><c>write</c>, <c>read</c>, <c>atomic write</c> or <c>atomic read</c>.</summary>
    public string KindName => Kind switch
    {
        AccessKind.Write => "write",
        AccessKind.AtomicRead => "atomic read",
        AccessKind.AtomicWrite => "atomic write",
        _ => "read",
    };
}
