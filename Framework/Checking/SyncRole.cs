namespace Weft.Checking;

/// <summary>What a synchronisation point that the hooks keep for an object stands for: one object can play several roles
/// (a <see cref="Lazy{T}"/> that is also locked on), and each role has its own point, so that the edges of one role do not
/// leak into another.</summary>
/// <seealso cref="RaceDetector.PointOf"/>
internal enum SyncRole
{
    /// <summary>A concurrent collection without keys (queue, stack, bag, blocking collection): adding an item releases,
    /// taking or reading one acquires. For a channel model, its completion: <c>TryComplete</c> releases, whoever observes the
    /// channel closed acquires.</summary>
    Collection,

    /// <summary>The one-time publication of a value: the code that created a <see cref="Lazy{T}"/>'s value, or the object a
    /// <see cref="LazyInitializer"/> call stored, releases; every reader acquires.</summary>
    Publication,

    /// <summary>An event or latch (<see cref="ManualResetEventSlim"/>, <see cref="CountdownEvent"/>, ...): a signal releases,
    /// a wait that returns because of it acquires.</summary>
    Signal,

    /// <summary>A <see cref="CancellationTokenSource"/>: <c>Cancel</c> releases, its callbacks and the code that observes
    /// the cancellation acquire.</summary>
    Cancellation,

    /// <summary>The callbacks of a <see cref="CancellationTokenSource"/>: each callback releases when it returns, and the
    /// <c>Cancel</c> that ran them acquires before it returns.</summary>
    CancellationCallbacks,

    /// <summary>A value task source built on <see cref="System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore{TResult}"/>:
    /// completing the core releases, the <c>GetResult</c> that gives the result to the awaiter acquires.</summary>
    ValueTaskSource,

    /// <summary>What the writers of a reader-writer lock release (<c>ExitWriteLock</c>): every later enter acquires it.</summary>
    WriterExit,

    /// <summary>What the readers of a reader-writer lock release (<c>ExitReadLock</c>, <c>ExitUpgradeableReadLock</c>): the next
    /// writer acquires it; readers do not order each other.</summary>
    ReaderExit,

    /// <summary>What the holder of a reader-writer lock's upgradeable read lock releases when it exits: the next upgradeable
    /// reader acquires it (upgradeable readers exclude each other).</summary>
    UpgradeableExit,
}
