using System.Text;
using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>A data race: two accesses to one location, at least one a write, by different logical tasks, neither
/// happening-before the other.</summary>
/// <remarks>
/// <see cref="Message"/> names the location and both accesses with their source lines and the sites that started their
/// tasks. It holds no task numbers, hash codes or thread ids, so the same race found in another iteration gives the same
/// message (one report per pair of source locations), and a replay gives it back exactly. <see cref="Details"/> adds the
/// task numbers. <b>Thread safety:</b> immutable.
/// </remarks>
/// <param name="Location">The location, e.g. <c>Weft.Scenarios.Atomics.Counter._count</c> or <c>element [3] of System.Int32[]</c>.</param>
/// <param name="Current">The access that found the race.</param>
/// <param name="Previous">The earlier access it races with.</param>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed record RaceReport(string Location, RaceAccess Current, RaceAccess Previous)
{
    /// <summary>One paragraph a person can act on, stable across iterations and replays.</summary>
    public string Message =>
        $"Data race on {Location}: {Current.KindName} at {Current.Site} (in {Current.TaskSpawnSite}) and earlier "
        + $"{Previous.KindName} at {Previous.Site} (in {Previous.TaskSpawnSite}) are not ordered by happens-before.";

    /// <summary>The message's facts one per line, with the logical task numbers.</summary>
    public string Details
    {
        get
        {
            var text = new StringBuilder();
            text.Append("location:       ").AppendLine(Location);
            text.Append("this access:    ").Append(Current.KindName).Append(" at ").Append(Current.Site)
                .Append(" by task ").Append(Current.Task).Append(" (").Append(Current.TaskSpawnSite).AppendLine(")");
            text.Append("earlier access: ").Append(Previous.KindName).Append(" at ").Append(Previous.Site)
                .Append(" by task ").Append(Previous.Task).Append(" (").Append(Previous.TaskSpawnSite).AppendLine(")");
            text.Append("Nothing orders the two: no lock, await, Wait, Join or Interlocked/Volatile access on a path from one task to the other.");
            return text.ToString();
        }
    }

    /// <summary>The pair of source sites, which identifies the race for de-duplication.</summary>
    public (string, string) SitePair =>
        string.CompareOrdinal(Current.Site, Previous.Site) <= 0 ? (Current.Site, Previous.Site) : (Previous.Site, Current.Site);
}
