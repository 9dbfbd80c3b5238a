using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>One step of one logical task, <c>clock@task</c>: FastTrack's compact stand-in for a whole vector clock when
/// the last access to a location was made by a single task.</summary>
/// <remarks>
/// An epoch <c>c@t</c> happens-before a vector clock <c>C</c> when <c>c &lt;= C[t]</c>. <see cref="None"/> (clock 0)
/// happens-before every clock, since every logical task starts at clock 1. See Flanagan and Freund, "FastTrack: Efficient
/// and Precise Dynamic Race Detection", PLDI 2009 (<see href="https://doi.org/10.1145/1542476.1542490"/>).
/// <b>Thread safety:</b> immutable.
/// </remarks>
/// <param name="Task">The logical task's id.</param>
/// <param name="Clock">The task's own clock entry at the step; 0 for <see cref="None"/>.</param>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal readonly record struct Epoch(int Task, int Clock)
{
    /// <summary>The epoch of no access: it happens-before everything.</summary>
    public static Epoch None => default;

    /// <summary>Whether this is <see cref="None"/>.</summary>
    public bool IsNone => Clock == 0;

    /// <summary>Whether this step happens-before (or is part of) the knowledge of <paramref name="clock"/>.</summary>
    public bool HappensBefore(VectorClock clock) => Clock <= clock[Task];

    /// <summary><c>clock@task</c>, for reports.</summary>
    public override string ToString() => $"{Clock}@{Task}";
}
