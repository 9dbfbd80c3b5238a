using System.Diagnostics;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using Weft.Instrumentation;

namespace Weft.Models;

/// <summary>The state of one <see cref="ReaderWriterLockSlim"/> under exploration: who holds it in which mode, how many
/// times, and who waits; with the BCL's rules for entering and exiting each mode.</summary>
/// <remarks>
/// <para>The rules are the BCL's: a reader enters when no thread holds the write lock and no writer (or upgrading
/// upgradeable reader) is waiting, so waiting writers keep new readers out; a writer enters when no thread holds the lock
/// in any mode; the holder of the upgradeable read lock enters the write lock once it is the only reader left; one thread
/// at a time holds the upgradeable read lock, alongside readers. <see cref="LockRecursionPolicy.NoRecursion"/> forbids
/// entering a mode again and entering a stronger mode while holding a weaker one, with the BCL's exceptions.</para>
/// <para>Ownership is per thread, as in the BCL: the managed thread id identifies the holder.</para>
/// <para><b>Thread safety:</b> read and written only by controlled operations, which the scheduler runs one at a time.</para>
/// <para><b>Happens-before:</b> each exit of the write lock happens-before every later enter in any mode; each exit of a
/// read or upgradeable read lock happens-before the next enter of the write lock; each exit of the upgradeable read lock
/// happens-before the next enter of the upgradeable read lock. Readers do not order each other.</para>
/// </remarks>
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not mark its own calls of the real lock.")]
internal sealed class ReaderWriterLockState(ReaderWriterLockSlim lockObject)
{
    /// <summary>The iteration this state belongs to: a lock shared by iterations (a static one) starts each with a fresh
    /// state, since an iteration can end with the lock held or waited for.</summary>
    public IterationState? Iteration { get; } = IterationState.Current;

    /// <summary>The read lock count of each thread that holds the read lock.</summary>
    private readonly Dictionary<int, int> _readers = [];

    /// <summary>The managed id of the thread that holds the write lock, or 0.</summary>
    private int _writer;

    /// <summary>How many times <see cref="_writer"/> entered the write lock; 0 exactly when <see cref="_writer"/> is 0.</summary>
    private int _writeCount;

    /// <summary>The managed id of the thread that holds the upgradeable read lock, or 0.</summary>
    private int _upgrader;

    /// <summary>How many times <see cref="_upgrader"/> entered the upgradeable read lock; 0 exactly when it is 0.</summary>
    private int _upgradeCount;

    /// <summary>Whether the lock was disposed through the model. Never reset.</summary>
    private bool _disposed;

    private bool IsReentrant => lockObject.RecursionPolicy == LockRecursionPolicy.SupportsRecursion;

    private static int Me => Environment.CurrentManagedThreadId;

    /// <summary>Threads blocked in <see cref="ReaderWriterLockMode.Read"/> mode.</summary>
    public int WaitingReaders { get; set; }

    /// <summary>Threads blocked in <see cref="ReaderWriterLockMode.Write"/> mode (upgrades included).</summary>
    public int WaitingWriters { get; set; }

    /// <summary>Threads blocked in <see cref="ReaderWriterLockMode.Upgradeable"/> mode.</summary>
    public int WaitingUpgraders { get; set; }

    /// <summary>Whether the calling thread holds the read lock.</summary>
    public bool IsReadLockHeld => RecursiveReadCount > 0;

    /// <summary>Whether the calling thread holds the write lock.</summary>
    public bool IsWriteLockHeld => _writer == Me;

    /// <summary>Whether the calling thread holds the upgradeable read lock.</summary>
    public bool IsUpgradeableReadLockHeld => _upgrader == Me;

    /// <summary>How many times the calling thread entered the read lock.</summary>
    public int RecursiveReadCount => _readers.GetValueOrDefault(Me);

    /// <summary>How many times the calling thread entered the write lock.</summary>
    public int RecursiveWriteCount => IsWriteLockHeld ? _writeCount : 0;

    /// <summary>How many times the calling thread entered the upgradeable read lock.</summary>
    public int RecursiveUpgradeCount => IsUpgradeableReadLockHeld ? _upgradeCount : 0;

    /// <summary>How many threads hold the read lock.</summary>
    public int CurrentReadCount => _readers.Count;

    /// <summary>Checks what entering <paramref name="mode"/> requires of the calling thread before it waits, and enters at
    /// once when the thread already holds the lock in a way that lets it in.</summary>
    /// <returns>Whether the thread entered; <see langword="false"/> when it has to compete for the lock.</returns>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    public bool TryEnterHeld(ReaderWriterLockMode mode)
    {
        AssertInvariants();
        if (_disposed)
        {
            throw new ObjectDisposedException(null);
        }

        int me = Me;
        switch (mode)
        {
            case ReaderWriterLockMode.Read when IsReadLockHeld:
                ThrowIf(!IsReentrant, "Recursive read lock acquisitions not allowed in this mode.");
                _readers[me]++;
                return true;
            case ReaderWriterLockMode.Read when _writer == me:
                ThrowIf(!IsReentrant, "A read lock may not be acquired with the write lock held in this mode.");
                _readers[me] = 1;
                return true;
            case ReaderWriterLockMode.Read when _upgrader == me:
                _readers[me] = 1;
                return true;
            case ReaderWriterLockMode.Write when _writer == me:
                ThrowIf(!IsReentrant, "Recursive write lock acquisitions not allowed in this mode.");
                _writeCount++;
                return true;
            case ReaderWriterLockMode.Write when IsReadLockHeld && _upgrader != me:
                throw new LockRecursionException("Write lock may not be acquired with read lock held. This pattern is prone to deadlocks. "
                    + "Please ensure that read locks are released before taking a write lock. If an upgrade is necessary, use an upgrade lock in place of the read lock.");
            case ReaderWriterLockMode.Upgradeable when _upgrader == me:
                ThrowIf(!IsReentrant, "Recursive upgradeable lock acquisitions not allowed in this mode.");
                _upgradeCount++;
                return true;
            case ReaderWriterLockMode.Upgradeable when _writer == me:
                ThrowIf(!IsReentrant, "Upgradeable lock may not be acquired with write lock held in this mode. "
                    + "Acquiring Upgradeable lock gives the ability to read along with an option to upgrade to a writer.");
                _upgrader = me;
                _upgradeCount = 1;
                return true;
            case ReaderWriterLockMode.Upgradeable when IsReadLockHeld:
                throw new LockRecursionException("Upgradeable lock may not be acquired with read lock held.");
            default:
                return false;
        }
    }

    /// <summary>Whether thread <paramref name="thread"/> could enter <paramref name="mode"/> now, competing with the other
    /// threads.</summary>
    /// <remarks>Takes the thread's id rather than reading it: the scheduler evaluates a paused operation's condition on
    /// its own thread.</remarks>
    public bool CanEnter(ReaderWriterLockMode mode, int thread) => mode switch
    {
        // Waiting writers keep new readers out, as in the BCL.
        ReaderWriterLockMode.Read => _writer == 0 && WaitingWriters == 0,
        ReaderWriterLockMode.Upgradeable => _writer == 0 && _upgrader == 0 && WaitingWriters == 0,

        // An upgrade needs the upgrader to be the only reader left (itself, if it also holds the read lock).
        _ when _upgrader == thread => _writer == 0 && _readers.Keys.All(id => id == thread),
        _ => _writer == 0 && _upgrader == 0 && _readers.Count == 0,
    };

    /// <summary>Enters <paramref name="mode"/> for the calling thread; call when <see cref="CanEnter"/> is true for it.</summary>
    public void Enter(ReaderWriterLockMode mode)
    {
        AssertInvariants();
        Debug.Assert(CanEnter(mode, Me), "The lock can only be entered when the mode's rule allows it.");
        switch (mode)
        {
            case ReaderWriterLockMode.Read:
                _readers[Me] = 1;
                break;
            case ReaderWriterLockMode.Write:
                _writer = Me;
                _writeCount = 1;
                break;
            default:
                _upgrader = Me;
                _upgradeCount = 1;
                break;
        }
    }

    /// <summary>Exits <paramref name="mode"/> once for the calling thread.</summary>
    /// <returns>Whether the thread no longer holds the lock in <paramref name="mode"/>.</returns>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the lock in this mode.</exception>
    public bool Exit(ReaderWriterLockMode mode)
    {
        AssertInvariants();
        int me = Me;
        switch (mode)
        {
            case ReaderWriterLockMode.Read:
                if (!_readers.TryGetValue(me, out int reads))
                {
                    throw new SynchronizationLockException("The read lock is being released without being held.");
                }

                if (reads > 1)
                {
                    _readers[me] = reads - 1;
                    return false;
                }

                _readers.Remove(me);
                return true;
            case ReaderWriterLockMode.Write:
                if (_writer != me)
                {
                    throw new SynchronizationLockException("The write lock is being released without being held.");
                }

                if (--_writeCount == 0)
                {
                    _writer = 0;
                }

                return _writer == 0;
            default:
                if (_upgrader != me)
                {
                    throw new SynchronizationLockException("The upgradeable lock is being released without being held.");
                }

                if (--_upgradeCount == 0)
                {
                    _upgrader = 0;
                }

                return _upgrader == 0;
        }
    }

    /// <summary>Marks the lock disposed, as <see cref="ReaderWriterLockSlim.Dispose"/> does.</summary>
    /// <exception cref="SynchronizationLockException">A thread holds the lock or waits for it.</exception>
    public void Dispose()
    {
        AssertInvariants();
        if (WaitingReaders + WaitingWriters + WaitingUpgraders > 0 || _writer != 0 || _upgrader != 0 || _readers.Count > 0)
        {
            throw new SynchronizationLockException("The lock is being disposed while still being used. It either is being held by a thread and/or has active waiters waiting to acquire the lock.");
        }

        _disposed = true;
    }

    /// <summary>Reports to the race detector that the calling logical task entered <paramref name="mode"/>.</summary>
    public void Acquired(ReaderWriterLockMode mode)
    {
        SyncHooks.Acquired(lockObject, SyncRole.WriterExit);
        if (mode == ReaderWriterLockMode.Write)
        {
            SyncHooks.Acquired(lockObject, SyncRole.ReaderExit);
        }
        else if (mode == ReaderWriterLockMode.Upgradeable)
        {
            SyncHooks.Acquired(lockObject, SyncRole.UpgradeableExit);
        }
    }

    /// <summary>Reports to the race detector that the calling logical task is about to exit <paramref name="mode"/>.</summary>
    public void Releasing(ReaderWriterLockMode mode)
    {
        if (mode == ReaderWriterLockMode.Write)
        {
            SyncHooks.Releasing(lockObject, SyncRole.WriterExit);
            return;
        }

        SyncHooks.Releasing(lockObject, SyncRole.ReaderExit);
        if (mode == ReaderWriterLockMode.Upgradeable)
        {
            SyncHooks.Releasing(lockObject, SyncRole.UpgradeableExit);
        }
    }

    private static void ThrowIf(bool condition, string message)
    {
        if (condition)
        {
            throw new LockRecursionException(message);
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert((_writer == 0) == (_writeCount == 0), "The write count must be 0 exactly when no thread holds the write lock.");
        Debug.Assert((_upgrader == 0) == (_upgradeCount == 0), "The upgrade count must be 0 exactly when no thread holds the upgradeable lock.");
        Debug.Assert(_readers.Values.All(count => count > 0), "Every reader must hold the read lock at least once.");
        Debug.Assert(WaitingReaders >= 0 && WaitingWriters >= 0 && WaitingUpgraders >= 0, "Waiter counts cannot be negative.");
    }
}
