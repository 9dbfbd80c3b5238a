using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.Runtime;
using Weft.Checking;

namespace Weft.Models;

/// <summary>The controlled stand-in for <see cref="ReaderWriterLockSlim"/>: the build step redirects every method and
/// property of a <see cref="ReaderWriterLockSlim"/> called in rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="ReaderWriterLockSlim"/>: a thread that waits for one blocks for real,
/// and the test is reported as a potential deadlock or hang. Under exploration this model keeps each lock's holders,
/// counts and waiters itself (<see cref="ReaderWriterLockState"/>), with the BCL's rules for each mode and recursion
/// policy: every enter and exit is a scheduling point, a thread that cannot enter pauses in the scheduler until it can, and
/// a cycle of waits is reported as a deadlock. A <c>TryEnter*</c> with a timeout of 0 never waits; one with a finite
/// timeout gives the other threads one scheduling step to make room, then times out. Outside an exploration every call
/// goes to the real lock. The lock's constructors are redirected too (<see cref="Create()"/>): the model uses the real
/// object as the lock's identity and for its <see cref="ReaderWriterLockSlim.RecursionPolicy"/>, and Coyote's rewriting,
/// which marks every use of <see cref="ReaderWriterLockSlim"/> as uncontrolled (and so reports a deadlock as a potential
/// hang), sees none left.</para>
/// <para>Known limits: a <c>Dispose</c> called through <see cref="IDisposable"/> (a <c>using</c> statement) is not
/// redirected, so it does not check that the lock is unused, and a lock disposed that way is not refused by the model.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="ReaderWriterLockSlim"/>. Under exploration the
/// scheduler runs one controlled operation at a time, so the model's state needs no lock of its own.</para>
/// <para><b>Happens-before:</b> each <c>ExitWriteLock</c> happens-before every later enter in any mode; each
/// <c>ExitReadLock</c> and <c>ExitUpgradeableReadLock</c> happens-before the next <c>EnterWriteLock</c>; each
/// <c>ExitUpgradeableReadLock</c> happens-before the next <c>EnterUpgradeableReadLock</c>; readers do not order each
/// other. Under exploration the model reports these edges to the race detector.</para>
/// </remarks>
/// <seealso cref="LockModel"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not mark its own calls of the real lock.")]
public static class ReaderWriterLockSlimModel
{
    /// <summary>The state of every lock used under exploration; entries die with their lock.</summary>
    private static readonly ConditionalWeakTable<ReaderWriterLockSlim, ReaderWriterLockState> s_states = [];

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim()"/>.</summary>
    /// <returns>A new lock that does not allow recursion.</returns>
    public static ReaderWriterLockSlim Create() => new();

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim(LockRecursionPolicy)"/>.</summary>
    /// <param name="recursionPolicy">Whether a thread may enter the lock again while it holds it.</param>
    /// <returns>A new lock.</returns>
    public static ReaderWriterLockSlim Create(LockRecursionPolicy recursionPolicy) => new(recursionPolicy);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.EnterReadLock"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void EnterReadLock(ReaderWriterLockSlim lockObject)
    {
        if (!IsControlled(lockObject))
        {
            lockObject.EnterReadLock();
            return;
        }

        TryEnterControlled(lockObject, ReaderWriterLockMode.Read, Timeout.Infinite);
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.TryEnterReadLock(int)"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <returns>Whether the calling thread entered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnterReadLock(ReaderWriterLockSlim lockObject, int millisecondsTimeout) =>
        IsControlled(lockObject)
            ? TryEnterControlled(lockObject, ReaderWriterLockMode.Read, Milliseconds(millisecondsTimeout))
            : lockObject.TryEnterReadLock(millisecondsTimeout);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.TryEnterReadLock(TimeSpan)"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <returns>Whether the calling thread entered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnterReadLock(ReaderWriterLockSlim lockObject, TimeSpan timeout) =>
        IsControlled(lockObject)
            ? TryEnterControlled(lockObject, ReaderWriterLockMode.Read, Milliseconds(timeout))
            : lockObject.TryEnterReadLock(timeout);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.ExitReadLock"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the read lock.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void ExitReadLock(ReaderWriterLockSlim lockObject)
    {
        if (!IsControlled(lockObject))
        {
            lockObject.ExitReadLock();
            return;
        }

        ExitControlled(lockObject, ReaderWriterLockMode.Read);
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.EnterWriteLock"/>; the holder of the upgradeable read lock
    /// upgrades.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void EnterWriteLock(ReaderWriterLockSlim lockObject)
    {
        if (!IsControlled(lockObject))
        {
            lockObject.EnterWriteLock();
            return;
        }

        TryEnterControlled(lockObject, ReaderWriterLockMode.Write, Timeout.Infinite);
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.TryEnterWriteLock(int)"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <returns>Whether the calling thread entered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnterWriteLock(ReaderWriterLockSlim lockObject, int millisecondsTimeout) =>
        IsControlled(lockObject)
            ? TryEnterControlled(lockObject, ReaderWriterLockMode.Write, Milliseconds(millisecondsTimeout))
            : lockObject.TryEnterWriteLock(millisecondsTimeout);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.TryEnterWriteLock(TimeSpan)"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <returns>Whether the calling thread entered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnterWriteLock(ReaderWriterLockSlim lockObject, TimeSpan timeout) =>
        IsControlled(lockObject)
            ? TryEnterControlled(lockObject, ReaderWriterLockMode.Write, Milliseconds(timeout))
            : lockObject.TryEnterWriteLock(timeout);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.ExitWriteLock"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the write lock.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void ExitWriteLock(ReaderWriterLockSlim lockObject)
    {
        if (!IsControlled(lockObject))
        {
            lockObject.ExitWriteLock();
            return;
        }

        ExitControlled(lockObject, ReaderWriterLockMode.Write);
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.EnterUpgradeableReadLock"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void EnterUpgradeableReadLock(ReaderWriterLockSlim lockObject)
    {
        if (!IsControlled(lockObject))
        {
            lockObject.EnterUpgradeableReadLock();
            return;
        }

        TryEnterControlled(lockObject, ReaderWriterLockMode.Upgradeable, Timeout.Infinite);
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.TryEnterUpgradeableReadLock(int)"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <returns>Whether the calling thread entered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnterUpgradeableReadLock(ReaderWriterLockSlim lockObject, int millisecondsTimeout) =>
        IsControlled(lockObject)
            ? TryEnterControlled(lockObject, ReaderWriterLockMode.Upgradeable, Milliseconds(millisecondsTimeout))
            : lockObject.TryEnterUpgradeableReadLock(millisecondsTimeout);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.TryEnterUpgradeableReadLock(TimeSpan)"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <returns>Whether the calling thread entered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="LockRecursionException">The lock's recursion policy forbids this enter.</exception>
    /// <exception cref="ObjectDisposedException">The lock was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnterUpgradeableReadLock(ReaderWriterLockSlim lockObject, TimeSpan timeout) =>
        IsControlled(lockObject)
            ? TryEnterControlled(lockObject, ReaderWriterLockMode.Upgradeable, Milliseconds(timeout))
            : lockObject.TryEnterUpgradeableReadLock(timeout);

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.ExitUpgradeableReadLock"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the upgradeable read lock.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void ExitUpgradeableReadLock(ReaderWriterLockSlim lockObject)
    {
        if (!IsControlled(lockObject))
        {
            lockObject.ExitUpgradeableReadLock();
            return;
        }

        ExitControlled(lockObject, ReaderWriterLockMode.Upgradeable);
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.Dispose"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <exception cref="SynchronizationLockException">A thread holds the lock or waits for it.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void Dispose(ReaderWriterLockSlim lockObject)
    {
        if (IsControlled(lockObject))
        {
            StateOf(lockObject).Dispose();
        }

        lockObject.Dispose();
    }

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.IsReadLockHeld"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>Whether the calling thread holds the read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool IsReadLockHeld(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).IsReadLockHeld : lockObject.IsReadLockHeld;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.IsWriteLockHeld"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>Whether the calling thread holds the write lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool IsWriteLockHeld(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).IsWriteLockHeld : lockObject.IsWriteLockHeld;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.IsUpgradeableReadLockHeld"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>Whether the calling thread holds the upgradeable read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool IsUpgradeableReadLockHeld(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).IsUpgradeableReadLockHeld : lockObject.IsUpgradeableReadLockHeld;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.RecursiveReadCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many times the calling thread entered the read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int RecursiveReadCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).RecursiveReadCount : lockObject.RecursiveReadCount;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.RecursiveWriteCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many times the calling thread entered the write lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int RecursiveWriteCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).RecursiveWriteCount : lockObject.RecursiveWriteCount;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.RecursiveUpgradeCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many times the calling thread entered the upgradeable read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int RecursiveUpgradeCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).RecursiveUpgradeCount : lockObject.RecursiveUpgradeCount;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.CurrentReadCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many threads hold the read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int CurrentReadCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).CurrentReadCount : lockObject.CurrentReadCount;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.WaitingReadCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many threads wait to enter the read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int WaitingReadCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).WaitingReaders : lockObject.WaitingReadCount;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.WaitingWriteCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many threads wait to enter the write lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int WaitingWriteCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).WaitingWriters : lockObject.WaitingWriteCount;

    /// <summary>Stands in for <see cref="ReaderWriterLockSlim.WaitingUpgradeCount"/>.</summary>
    /// <param name="lockObject">The lock.</param>
    /// <returns>How many threads wait to enter the upgradeable read lock.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static int WaitingUpgradeCount(ReaderWriterLockSlim lockObject) =>
        IsControlled(lockObject) ? StateOf(lockObject).WaitingUpgraders : lockObject.WaitingUpgradeCount;

    /// <summary>Whether the calling thread runs a controlled operation; throws for a null lock, as an instance call would.</summary>
    private static bool IsControlled(ReaderWriterLockSlim lockObject)
    {
        if (lockObject is null)
        {
            throw new NullReferenceException();
        }

        return CoyoteControl.IsControlled;
    }

    /// <summary>The lock's state in the current iteration, made fresh for each iteration.</summary>
    private static ReaderWriterLockState StateOf(ReaderWriterLockSlim lockObject)
    {
        var state = s_states.GetValue(lockObject, static l => new ReaderWriterLockState(l));
        if (!ReferenceEquals(state.Iteration, IterationState.Current))
        {
            state = new ReaderWriterLockState(lockObject);
            s_states.AddOrUpdate(lockObject, state);
        }

        return state;
    }

    /// <summary>Enters <paramref name="mode"/> under exploration: at once if the thread's holds allow it or the lock has
    /// room; otherwise waits for room (<paramref name="millisecondsTimeout"/> -1), gives up at once (0), or lets the other
    /// threads run one step and tries again (a finite timeout).</summary>
    private static bool TryEnterControlled(ReaderWriterLockSlim lockObject, ReaderWriterLockMode mode, int millisecondsTimeout)
    {
        SchedulingPoint.Interleave();
        var state = StateOf(lockObject);
        int me = Environment.CurrentManagedThreadId;
        if (!state.TryEnterHeld(mode))
        {
            if (!state.CanEnter(mode, me))
            {
                if (millisecondsTimeout == 0)
                {
                    return false;
                }

                // A waiting writer keeps new readers out while it waits, as in the BCL.
                Waiting(state, mode, 1);
                try
                {
                    if (millisecondsTimeout == Timeout.Infinite)
                    {
                        Operation.PauseUntil(() => state.CanEnter(mode, me));
                    }
                    else
                    {
                        SchedulingPoint.Interleave();
                    }
                }
                finally
                {
                    Waiting(state, mode, -1);
                }

                if (!state.CanEnter(mode, me))
                {
                    return false;
                }
            }

            state.Enter(mode);
        }

        state.Acquired(mode);
        return true;
    }

    private static void ExitControlled(ReaderWriterLockSlim lockObject, ReaderWriterLockMode mode)
    {
        // The exit and the release happen together: the scheduler cannot switch between them.
        var state = StateOf(lockObject);
        state.Exit(mode);
        state.Releasing(mode);
        SchedulingPoint.Interleave();
    }

    private static void Waiting(ReaderWriterLockState state, ReaderWriterLockMode mode, int change)
    {
        switch (mode)
        {
            case ReaderWriterLockMode.Read:
                state.WaitingReaders += change;
                break;
            case ReaderWriterLockMode.Write:
                state.WaitingWriters += change;
                break;
            default:
                state.WaitingUpgraders += change;
                break;
        }
    }

    private static int Milliseconds(int millisecondsTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        return millisecondsTimeout;
    }

    private static int Milliseconds(TimeSpan timeout)
    {
        long milliseconds = (long)timeout.TotalMilliseconds;
        if (milliseconds < -1 || milliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout));
        }

        return (int)milliseconds;
    }
}
