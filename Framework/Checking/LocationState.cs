using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>FastTrack's shadow state of one memory location: the last write, the last read (or, when reads by several
/// tasks are concurrent, one read per task), the source sites of those accesses, and the location's own synchronisation
/// point for atomic accesses; with FastTrack's read and write rules (Flanagan and Freund, PLDI 2009).</summary>
/// <remarks>
/// <para>Read-shared mode (<see cref="SharedReads"/> not null) is entered only when two reads are concurrent; most
/// locations stay in the O(1) epoch mode. A write that happens after every shared read returns the location to epoch mode.</para>
/// <para>Atomic accesses (<c>Interlocked</c>, <c>Volatile</c>, <c>volatile</c> fields) are kept apart, one epoch per task in
/// <see cref="AtomicWrites"/> and <see cref="AtomicReads"/>, and are checked only against plain accesses: an atomic write
/// races with an unordered plain read or write, an atomic read with an unordered plain write, and two atomic accesses
/// never race. Only locations that have atomic accesses pay for the vectors.</para>
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

    /// <summary>Each task's last atomic write (store or read-modify-write), 0 for none; <see langword="null"/> before the
    /// first. Atomic accesses are checked against plain ones only, never against each other.</summary>
    public VectorClock? AtomicWrites;

    /// <summary>Each task's last atomic read, 0 for none; <see langword="null"/> before the first.</summary>
    public VectorClock? AtomicReads;

    /// <summary>Where each task's last atomic access (<see cref="AtomicWrites"/>, then <see cref="AtomicReads"/>) was made,
    /// indexed by task id.</summary>
    public string?[]? AtomicWriteSites;

    /// <inheritdoc cref="AtomicWriteSites"/>
    public string?[]? AtomicReadSites;

    /// <summary>FastTrack's read rule: checks a read by <paramref name="task"/> against the last write, then records it.</summary>
    /// <returns>The earlier write the read races with, or <see langword="null"/>.</returns>
    public RaceConflict? OnRead(LogicalTask task, string site)
    {
        var clock = task.Clock;
        var now = task.Epoch;
        var shared = SharedReads;
        if (shared is null ? Read == now : shared[task.Id] == now.Clock)
        {
            return null; // Read in the same epoch: nothing new to check or record.
        }

        RaceConflict? conflict = Write.HappensBefore(clock) ? null : new RaceConflict(Write, AccessKind.Write, WriteSite ?? "?");
        conflict ??= AtomicConflict(AtomicWrites, AtomicWriteSites, AccessKind.AtomicWrite, clock);
        if (shared is not null)
        {
            SetSharedRead(task.Id, now.Clock, site);
        }
        else if (Read.HappensBefore(clock))
        {
            Read = now; // The previous read is ordered before this one: keep the epoch.
            ReadSite = site;
        }
        else
        {
            // Two concurrent reads: switch to one read per task.
            SharedReads = new VectorClock();
            SharedReadSites = new string?[Math.Max(Read.Task, task.Id) + 1];
            SetSharedRead(Read.Task, Read.Clock, ReadSite ?? "?");
            SetSharedRead(task.Id, now.Clock, site);
            Read = Epoch.None;
            ReadSite = null;
        }

        return conflict;
    }

    /// <summary>FastTrack's write rule: checks a write by <paramref name="task"/> against the last write and the last
    /// read(s), then records it.</summary>
    /// <returns>The earlier access the write races with (the write first, then a read), or <see langword="null"/>.</returns>
    public RaceConflict? OnWrite(LogicalTask task, string site)
    {
        var clock = task.Clock;
        var now = task.Epoch;
        if (Write == now)
        {
            return null; // Written in the same epoch.
        }

        RaceConflict? conflict = Write.HappensBefore(clock) ? null : new RaceConflict(Write, AccessKind.Write, WriteSite ?? "?");
        if (SharedReads is { } shared)
        {
            int reader = shared.FirstEntryNotBefore(clock);
            if (reader >= 0)
            {
                conflict ??= new RaceConflict(new Epoch(reader, shared[reader]), AccessKind.Read, SharedReadSites![reader] ?? "?");
            }

            // The write is ordered after every read it does not race with: back to epoch mode.
            SharedReads = null;
            SharedReadSites = null;
        }
        else if (!Read.HappensBefore(clock))
        {
            conflict ??= new RaceConflict(Read, AccessKind.Read, ReadSite ?? "?");
        }

        conflict ??= AtomicConflict(AtomicWrites, AtomicWriteSites, AccessKind.AtomicWrite, clock)
            ?? AtomicConflict(AtomicReads, AtomicReadSites, AccessKind.AtomicRead, clock);
        Write = now;
        WriteSite = site;
        return conflict;
    }

    /// <summary>Checks an atomic access by <paramref name="task"/> against the last plain write and, for an atomic write,
    /// the last plain read(s); then records it. Atomic accesses never conflict with each other.</summary>
    /// <param name="task">The accessing task.</param>
    /// <param name="site">Where the access is made.</param>
    /// <param name="isWrite">Whether it stores (a store or read-modify-write) or only loads.</param>
    /// <returns>The earlier plain access it races with, or <see langword="null"/>.</returns>
    public RaceConflict? OnAtomic(LogicalTask task, string site, bool isWrite)
    {
        var clock = task.Clock;
        var now = task.Epoch;
        RaceConflict? conflict = Write.HappensBefore(clock) ? null : new RaceConflict(Write, AccessKind.Write, WriteSite ?? "?");
        if (isWrite)
        {
            if (SharedReads is { } shared)
            {
                int reader = shared.FirstEntryNotBefore(clock);
                if (reader >= 0)
                {
                    conflict ??= new RaceConflict(new Epoch(reader, shared[reader]), AccessKind.Read, SharedReadSites![reader] ?? "?");
                }
            }
            else if (!Read.HappensBefore(clock))
            {
                conflict ??= new RaceConflict(Read, AccessKind.Read, ReadSite ?? "?");
            }

            AtomicWrites ??= new VectorClock();
            SetAtomic(AtomicWrites, ref AtomicWriteSites, task.Id, now.Clock, site);
        }
        else
        {
            AtomicReads ??= new VectorClock();
            SetAtomic(AtomicReads, ref AtomicReadSites, task.Id, now.Clock, site);
        }

        return conflict;
    }

    /// <summary>The first atomic access in <paramref name="accesses"/> that does not happen-before <paramref name="clock"/>.</summary>
    private static RaceConflict? AtomicConflict(VectorClock? accesses, string?[]? sites, AccessKind kind, VectorClock clock)
    {
        int task = accesses?.FirstEntryNotBefore(clock) ?? -1;
        return task < 0 ? null : new RaceConflict(new Epoch(task, accesses![task]), kind, sites![task] ?? "?");
    }

    private static void SetAtomic(VectorClock accesses, ref string?[]? sites, int task, int clock, string site)
    {
        accesses.Set(task, clock);
        sites ??= new string?[task + 1];
        if (task >= sites.Length)
        {
            Array.Resize(ref sites, Math.Max(task + 1, sites.Length * 2));
        }

        sites[task] = site;
    }

    /// <summary>Records a shared read of <paramref name="task"/> at <paramref name="clock"/>.</summary>
    private void SetSharedRead(int task, int clock, string site)
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
