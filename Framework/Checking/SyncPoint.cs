using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>A synchronisation point: what one logical task releases into it happens-before what another then acquires
/// from it. The only place where vector clocks are joined.</summary>
/// <remarks>
/// <para>Every happens-before edge is a release into a point followed by an acquire from it: a lock's release and the
/// next acquire; a fork (the parent releases, the child acquires at its start); a task's completion (its last step
/// releases, whoever awaits or waits on it acquires); an <c>await</c> that suspends (the code before it releases, the
/// continuation acquires); an <c>Interlocked</c> or <c>Volatile</c> access to a location.</para>
/// <para>The point keeps the join of every clock released into it. For a lock that is exactly the last holder's knowledge
/// (each holder acquired its predecessor's); for a semaphore or a completion it is the union of all releases, which can
/// only add edges that really happened before the acquire.</para>
/// <para><b>Thread safety:</b> used by the controlled operations of one iteration, which the scheduler runs one at a time.</para>
/// <para><b>Happens-before:</b> each <see cref="Release"/> happens-before every later <see cref="Acquire"/> of the same point.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class SyncPoint
{
    /// <summary>The join of every clock released into this point.</summary>
    private readonly VectorClock _clock = new();

    /// <summary>Creates a point released by <paramref name="task"/>: the usual way to fork.</summary>
    public static SyncPoint ReleasedBy(LogicalTask task)
    {
        var point = new SyncPoint();
        point.Release(task);
        return point;
    }

    /// <summary>What has been released into this point so far (a copy).</summary>
    public VectorClock Snapshot() => _clock.Copy();

    /// <summary>Publishes everything <paramref name="from"/> has done so far to later acquirers, then starts a new step of
    /// <paramref name="from"/>, so that what it does next is not published.</summary>
    public void Release(LogicalTask from)
    {
        ArgumentNullException.ThrowIfNull(from);
        _clock.JoinWith(from.Clock);
        from.Clock.Increment(from.Id);
    }

    /// <summary>Makes everything released into this point so far happen-before what <paramref name="into"/> does next.</summary>
    public void Acquire(LogicalTask into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clock.JoinWith(_clock);
    }

    /// <summary>The released clock, for reports.</summary>
    public override string ToString() => _clock.ToString();
}
