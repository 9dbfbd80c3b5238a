using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>FastTrack's shadow state of one memory location: the last write, the last read (or, when reads by several
/// tasks are concurrent, one read per task), the source sites of those accesses, and the location's own synchronisation
/// point for atomic accesses.</summary>
/// <remarks>
/// <para>Read-shared mode (<see cref="SharedReads"/> not null) is entered only when two reads are concurrent; most
/// locations stay in the O(1) epoch mode. A write that happens after every shared read returns the location to epoch mode.</para>
/// <para><b>Thread safety:</b> guarded by the owning <see cref="RaceDetector"/>'s lock.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class LocationState
{
    /// <summary>The epoch of the last write; <see cref="Epoch.None"/> before the first.</summary>
    public Epoch Write;

    /// <summary>Where the last write was made.</summary>
    public string? WriteSite;

    /// <summary>The epoch of the last read in epoch mode; <see cref="Epoch.None"/> in read-shared mode or before the first read.</summary>
    public Epoch Read;

    /// <summary>Where the last read (epoch mode) was made.</summary>
    public string? ReadSite;

    /// <summary>In read-shared mode, each task's last read clock (0 for none); otherwise <see langword="null"/>.</summary>
    public VectorClock? SharedReads;

    /// <summary>In read-shared mode, each task's last read site, indexed by task id.</summary>
    public string?[]? SharedReadSites;

    /// <summary>The point that <c>Interlocked</c> and <c>Volatile</c> accesses to this location release into and acquire
    /// from; created on the first atomic access.</summary>
    public SyncPoint? Atomics;

    /// <summary>Records a shared read of <paramref name="task"/> at <paramref name="clock"/>.</summary>
    public void SetSharedRead(int task, int clock, string site)
    {
        SharedReads!.Set(task, clock);
        var sites = SharedReadSites!;
        if (task >= sites.Length)
        {
            Array.Resize(ref sites, Math.Max(task + 1, sites.Length * 2));
            SharedReadSites = sites;
        }

        sites[task] = site;
    }
}
