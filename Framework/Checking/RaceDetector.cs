using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>Happens-before data-race detection for one iteration, with FastTrack's epochs (Flanagan and Freund, PLDI 2009,
/// <see href="https://doi.org/10.1145/1542476.1542490"/>).</summary>
/// <remarks>
/// <para>A data race is two accesses to one location (a field of an object, a static field, an array element), at least
/// one a write, by different logical tasks, neither happening-before the other. Each access is checked against the
/// location's last write and last read(s) in O(1) in the common case; a location falls back to one read per task only
/// while reads by several tasks are concurrent. A race is reported whether or not the interleaving that would corrupt
/// data happened in this run, and whether or not an assertion fails.</para>
/// <para>The detector knows nothing of the scheduler: the build step's hooks tell it which logical task runs
/// (<see cref="StartTask"/>), what it accesses (<see cref="Read"/>, <see cref="Write"/>, ...) and how tasks synchronise
/// (<see cref="Acquire"/>, <see cref="Release"/>, <see cref="Join"/>, <see cref="Atomic"/>). Each race is reported once per
/// pair of source sites through the callback given to the constructor, at the access that found it.</para>
/// <para>Memory is bounded by <see cref="ShadowMemory"/>; the detector and everything it holds belong to one iteration.</para>
/// <para><b>Thread safety:</b> safe for concurrent use. The scheduler runs one controlled operation at a time, so the lock
/// is uncontended, except while an iteration is torn down and interrupted threads unwind concurrently; after
/// <see cref="Stop"/> every method does nothing.</para>
/// <para><b>Happens-before:</b> creates none itself; it records the edges the hooks report.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class RaceDetector
{
    /// <summary>The default bound on locations tracked at once.</summary>
    public const int DefaultMaxLocations = 1 << 20;

    /// <summary>Guards every field below and all state reachable from them (tasks, clocks, points, shadow memory).</summary>
    /// <remarks>A plain object rather than a <see cref="Lock"/>: the build step redirects <see cref="Lock"/> to its
    /// controlled model, whose acquires are scheduling points.</remarks>
    private readonly object _gate = new();

    /// <summary>Every logical task, indexed by id. Guarded by <see cref="_gate"/>.</summary>
    private readonly List<LogicalTask> _tasks = [];

    /// <summary>The shadow memory. Guarded by <see cref="_gate"/>.</summary>
    private readonly ShadowMemory _memory;

    /// <summary>The synchronisation point of each lock, monitor or semaphore object. Guarded by <see cref="_gate"/>.</summary>
    private readonly ConditionalWeakTable<object, SyncPoint> _locks = [];

    /// <summary>The synchronisation points that the hooks keep for objects, by role (<see cref="PointOf"/>). Guarded by <see cref="_gate"/>.</summary>
    private readonly ConditionalWeakTable<object, Dictionary<SyncRole, SyncPoint>> _points = [];

    /// <summary>The other synchronisation state that the hooks keep for objects, by type (<see cref="StateOf"/>). Guarded by
    /// <see cref="_gate"/>.</summary>
    private readonly ConditionalWeakTable<object, Dictionary<Type, object>> _states = [];

    /// <summary>The completion of each task or thread whose completion the hooks track. Guarded by <see cref="_gate"/>.</summary>
    private readonly ConditionalWeakTable<object, TaskCompletion> _completions = [];

    /// <summary>The site pairs already reported. Guarded by <see cref="_gate"/>.</summary>
    private readonly HashSet<(string, string)> _reported = [];

    private readonly Action<RaceReport> _onRace;

    /// <summary>Whether the iteration is running: true until <see cref="Stop"/>. Written under <see cref="_gate"/>.</summary>
    private volatile bool _active = true;

    /// <summary>Creates the detector of one iteration, with its root logical task, the test body.</summary>
    /// <param name="onRace">Called at the access that finds each new race (one call per pair of source sites); it may
    /// throw to stop the iteration.</param>
    /// <param name="maxLocations">The most locations tracked at once.</param>
    public RaceDetector(Action<RaceReport> onRace, int maxLocations = DefaultMaxLocations)
    {
        ArgumentNullException.ThrowIfNull(onRace);
        _onRace = onRace;
        _memory = new ShadowMemory(maxLocations);
        Root = new LogicalTask(this, 0, "the test body");
        _tasks.Add(Root);
    }

    /// <summary>The logical task that runs the test body.</summary>
    public LogicalTask Root { get; }

    /// <summary>Whether the detector still records accesses; false after <see cref="Stop"/>.</summary>
    public bool IsActive => _active;

    /// <summary>How many logical tasks the iteration has had.</summary>
    public int TaskCount
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _tasks.Count;
            }
        }
    }

    /// <summary>How many locations are tracked.</summary>
    public int LocationCount
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _memory.LocationCount;
            }
        }
    }

    /// <summary>How many accesses went unchecked because the location bound was reached.</summary>
    public long UntrackedAccesses
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _memory.UntrackedAccesses;
            }
        }
    }

    /// <summary>Stops recording: the iteration is over, and threads that unwind after it must not report anything.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            AssertInvariants();
            _active = false;
        }
    }

    /// <summary>Starts a new logical task that happens after everything released into <paramref name="origin"/>.</summary>
    /// <param name="origin">What the new task starts after (the fork or the suspension), or <see langword="null"/>.</param>
    /// <param name="spawnSite">How and where the task was started, for reports.</param>
    public LogicalTask StartTask(SyncPoint? origin, string spawnSite)
    {
        lock (_gate)
        {
            AssertInvariants();
            var task = new LogicalTask(this, _tasks.Count, spawnSite);
            _tasks.Add(task);
            origin?.Acquire(task);
            return task;
        }
    }

    /// <summary>Releases what <paramref name="task"/> has done so far into a new point, for a fork or a suspension.</summary>
    public SyncPoint Fork(LogicalTask task)
    {
        lock (_gate)
        {
            AssertInvariants();
            return SyncPoint.ReleasedBy(task);
        }
    }

    /// <summary>Releases <paramref name="task"/> into <paramref name="point"/>.</summary>
    public void Release(LogicalTask task, SyncPoint point)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active)
            {
                point.Release(task);
            }
        }
    }

    /// <summary>Acquires <paramref name="point"/> into <paramref name="task"/>.</summary>
    public void Acquire(LogicalTask task, SyncPoint point)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active)
            {
                point.Acquire(task);
            }
        }
    }

    /// <summary>The synchronisation point of a lock, monitor or semaphore object.</summary>
    public SyncPoint LockOf(object syncObject)
    {
        lock (_gate)
        {
            AssertInvariants();
            return _locks.GetValue(syncObject, static _ => new SyncPoint());
        }
    }

    /// <summary>The synchronisation point that <paramref name="owner"/> has in <paramref name="role"/>, created on first use.</summary>
    /// <remarks>Separate from <see cref="LockOf"/>: locking on an object does not order what is published through it in
    /// another role, and the other way round.</remarks>
    public SyncPoint PointOf(object owner, SyncRole role)
    {
        lock (_gate)
        {
            AssertInvariants();
            var points = _points.GetValue(owner, static _ => []);
            if (!points.TryGetValue(role, out var point))
            {
                point = new SyncPoint();
                points.Add(role, point);
            }

            return point;
        }
    }

    /// <summary>The per-key points of the keyed collection <paramref name="collection"/>, created on first use with the
    /// collection's key comparer.</summary>
    public KeyedSyncPoints<TKey> KeysOf<TKey>(object collection, IEqualityComparer<TKey>? comparer)
        where TKey : notnull =>
        StateOf(collection, () => new KeyedSyncPoints<TKey>(comparer));

    /// <summary>The state of type <typeparamref name="TState"/> that the hooks keep for <paramref name="owner"/>, made by
    /// <paramref name="create"/> on first use; one per owner and type.</summary>
    public TState StateOf<TState>(object owner, Func<TState> create)
        where TState : class
    {
        lock (_gate)
        {
            AssertInvariants();
            var states = _states.GetValue(owner, static _ => []);
            if (!states.TryGetValue(typeof(TState), out var state))
            {
                state = create();
                states.Add(typeof(TState), state);
            }

            return (TState)state;
        }
    }

    /// <summary>The completion of a task or thread, created on first use.</summary>
    public TaskCompletion CompletionOf(object producer)
    {
        lock (_gate)
        {
            AssertInvariants();
            return _completions.GetValue(producer, static _ => new TaskCompletion());
        }
    }

    /// <summary>Records how <paramref name="producer"/>'s completion is made (for composite tasks such as <c>WhenAll</c>).</summary>
    /// <remarks>A completion already recorded for the producer is kept as part of the new one: <c>Task.Run</c> of an async
    /// body can return the body's own task, whose completion the body may already have released.</remarks>
    public void Register(object producer, TaskCompletion completion)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_completions.TryGetValue(producer, out var existing) && !ReferenceEquals(existing, completion))
            {
                completion.Replaced = existing;
            }

            _completions.AddOrUpdate(producer, completion);
        }
    }

    /// <summary>Makes the completion of <paramref name="producer"/> (a task or thread that has completed) happen-before what
    /// <paramref name="task"/> does next: the join of <c>await</c>, <c>Wait</c>, <c>Result</c>, <c>Join</c>.</summary>
    public void Join(LogicalTask task, object? producer)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active)
            {
                JoinLocked(task, producer, 0);
            }
        }
    }

    /// <summary>Checks and records a read of field <paramref name="field"/> of <paramref name="target"/>.</summary>
    public void Read(LogicalTask task, object target, string field, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active && _memory.Field(target, field) is { } state)
            {
                OnRead(task, state, site, field, null, 0);
            }
        }
    }

    /// <summary>Checks and records a write of field <paramref name="field"/> of <paramref name="target"/>.</summary>
    public void Write(LogicalTask task, object target, string field, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active && _memory.Field(target, field) is { } state)
            {
                OnWrite(task, state, site, field, null, 0);
            }
        }
    }

    /// <summary>Checks and records a read of static field <paramref name="field"/>.</summary>
    public void ReadStatic(LogicalTask task, string field, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active && _memory.Static(field) is { } state)
            {
                OnRead(task, state, site, field, null, 0);
            }
        }
    }

    /// <summary>Checks and records a write of static field <paramref name="field"/>.</summary>
    public void WriteStatic(LogicalTask task, string field, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active && _memory.Static(field) is { } state)
            {
                OnWrite(task, state, site, field, null, 0);
            }
        }
    }

    /// <summary>Checks and records a read of element <paramref name="index"/> of <paramref name="array"/>; an index out of
    /// range is ignored (the access itself throws).</summary>
    public void ReadElement(LogicalTask task, Array array, long index, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active && (ulong)index < (ulong)array.LongLength && _memory.Element(array, index) is { } state)
            {
                OnRead(task, state, site, null, array, index);
            }
        }
    }

    /// <summary>Checks and records a write of element <paramref name="index"/> of <paramref name="array"/>.</summary>
    public void WriteElement(LogicalTask task, Array array, long index, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_active && (ulong)index < (ulong)array.LongLength && _memory.Element(array, index) is { } state)
            {
                OnWrite(task, state, site, null, array, index);
            }
        }
    }

    /// <summary>Performs the synchronisation of an atomic access to a location (a field of <paramref name="target"/>, a static
    /// field when <paramref name="target"/> is null, or element <paramref name="index"/> when <paramref name="target"/> is an
    /// array and <paramref name="field"/> is null). Atomic accesses never race with each other, only with unordered plain
    /// accesses to the location; they order the accesses around them.</summary>
    public void Atomic(LogicalTask task, object? target, string? field, long index, AtomicKind kind, string site)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (!_active)
            {
                return;
            }

            LocationState? state = (target, field) switch
            {
                (null, { } name) => _memory.Static(name),
                ({ } obj, { } name) => _memory.Field(obj, name),
                (Array array, null) when (ulong)index < (ulong)array.LongLength => _memory.Element(array, index),
                _ => null,
            };
            if (state is null)
            {
                return;
            }

            // The access is checked at the epoch it happens in, before its release starts a new step of the task.
            if (state.OnAtomic(task, site, isWrite: kind != AtomicKind.Acquire) is { } conflict)
            {
                Report(task, kind == AtomicKind.Acquire ? AccessKind.AtomicRead : AccessKind.AtomicWrite, site, conflict, field, array: target as Array, index);
            }

            var point = state.Atomics ??= new SyncPoint();
            if (kind is AtomicKind.Acquire or AtomicKind.AcquireRelease)
            {
                point.Acquire(task);
            }

            if (kind is AtomicKind.Release or AtomicKind.AcquireRelease)
            {
                point.Release(task);
            }
        }
    }

    private void OnRead(LogicalTask task, LocationState state, string site, string? field, Array? array, long index)
    {
        if (state.OnRead(task, site) is { } conflict)
        {
            Report(task, AccessKind.Read, site, conflict, field, array, index);
        }
    }

    private void OnWrite(LogicalTask task, LocationState state, string site, string? field, Array? array, long index)
    {
        if (state.OnWrite(task, site) is { } conflict)
        {
            Report(task, AccessKind.Write, site, conflict, field, array, index);
        }
    }

    private void Report(LogicalTask task, AccessKind kind, string site, RaceConflict previous, string? field, Array? array, long index)
    {
        var other = _tasks[previous.Epoch.Task];
        string location = field ?? $"element [{index}] of {array!.GetType().FullName}";
        var report = new RaceReport(
            location,
            new RaceAccess(kind, site, task.Id, task.SpawnSite),
            new RaceAccess(previous.Kind, previous.Site, other.Id, other.SpawnSite));
        if (_reported.Add(report.SitePair))
        {
            _onRace(report);
        }
    }

    private void JoinLocked(LogicalTask task, object? producer, int depth)
    {
        if (producer is not null && _completions.TryGetValue(producer, out var completion))
        {
            AcquireLocked(task, completion, producer, depth);
        }
    }

    private void AcquireLocked(LogicalTask task, TaskCompletion completion, object producer, int depth)
    {
        // Completions form a DAG of a few levels (WhenAll of Task.Run proxies of async methods); the bound only guards
        // against a cycle that a misuse of the hooks could create.
        if (depth > 64)
        {
            return;
        }

        completion.Point.Acquire(task);
        completion.Acquires?.Acquire(task);
        if (completion.Replaced is { } replaced)
        {
            AcquireLocked(task, replaced, producer, depth + 1);
        }

        foreach (var part in completion.AllOf ?? [])
        {
            JoinLocked(task, part, depth + 1);
        }

        foreach (var part in (Task?[])[completion.Winner(), completion.Inner])
        {
            // Task.Run(async () => ...) returns the inner task itself when it completed first: not a part of itself.
            if (part is not null && !ReferenceEquals(part, producer))
            {
                JoinLocked(task, part, depth + 1);
            }
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_tasks.Count > 0 && ReferenceEquals(_tasks[0], Root), "The root task must be task 0.");
        Debug.Assert(_memory.LocationCount <= _memory.MaxLocations, "The shadow memory must not track more locations than its bound.");
    }
}
