using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Coyote.Runtime;

namespace Weft.Models;

/// <summary>The controlled stand-in for <see cref="Lock"/>: the build step redirects every call on a <see cref="Lock"/> in
/// rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not know <see cref="Lock"/> (new in .NET 9), so contention on one is reported as a potential
/// hang. Under exploration this model keeps each lock's owner and recursion count itself: every acquire and release is a
/// scheduling point, a contended acquire pauses in the scheduler until the lock is free, and a lock-order cycle is
/// reported as a deadlock. <c>TryEnter()</c> never waits. <c>TryEnter</c> with a finite timeout on a lock held by another
/// thread gives the holder one scheduling step to release it, then times out. Outside an exploration every call goes
/// to the real <see cref="Lock"/>.</para>
/// <para>Like <see cref="Lock"/>, ownership is per thread: exiting from another thread throws
/// <see cref="SynchronizationLockException"/>.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="Lock"/>. Under exploration the scheduler runs one
/// controlled operation at a time, so the model's state needs no lock of its own.</para>
/// <para><b>Happens-before:</b> each release of a lock happens-before the next acquire of that lock; under exploration
/// the model reports both to the race detector (<see cref="Instrumentation.SyncHooks"/>).</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LockModel
{
    /// <summary>The state of every lock used under exploration; entries die with their lock.</summary>
    private static readonly ConditionalWeakTable<Lock, LockState> s_states = [];

    /// <summary>The locks this thread entered through <see cref="EnterScope"/> under exploration, innermost last. A lock
    /// scope cannot contain an <c>await</c>, so it is disposed on the thread that opened it.</summary>
    [ThreadStatic]
    private static Stack<Lock>? s_openScopes;

    /// <summary>Stands in for <see cref="Lock.Enter"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void Enter(Lock lockObject)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        if (!CoyoteControl.IsControlled)
        {
            lockObject.Enter();
            return;
        }

        SchedulingPoint.Interleave();
        var state = s_states.GetOrCreateValue(lockObject);
        if (!state.TryTake())
        {
            Operation.PauseUntil(() => state.IsFree);
            state.TryTake();
        }
    }

    /// <summary>Stands in for <see cref="Lock.TryEnter()"/>: takes the lock only if it is free or already held by this thread.</summary>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnter(Lock lockObject)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        if (!CoyoteControl.IsControlled)
        {
            return lockObject.TryEnter();
        }

        SchedulingPoint.Interleave();
        return s_states.GetOrCreateValue(lockObject).TryTake();
    }

    /// <summary>Stands in for <see cref="Lock.TryEnter(int)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    public static bool TryEnter(Lock lockObject, int millisecondsTimeout)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        return CoyoteControl.IsControlled
            ? TryEnterControlled(lockObject, millisecondsTimeout == Timeout.Infinite, millisecondsTimeout == 0)
            : lockObject.TryEnter(millisecondsTimeout);
    }

    /// <summary>Stands in for <see cref="Lock.TryEnter(TimeSpan)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool TryEnter(Lock lockObject, TimeSpan timeout)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        return CoyoteControl.IsControlled
            ? TryEnterControlled(lockObject, timeout == Timeout.InfiniteTimeSpan, timeout == TimeSpan.Zero)
            : lockObject.TryEnter(timeout);
    }

    /// <summary>Stands in for <see cref="Lock.Exit"/>.</summary>
    /// <exception cref="SynchronizationLockException">The current thread does not hold the lock.</exception>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static void Exit(Lock lockObject)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        if (!CoyoteControl.IsControlled)
        {
            lockObject.Exit();
            return;
        }

        s_states.GetOrCreateValue(lockObject).Release();
        SchedulingPoint.Interleave();
    }

    /// <summary>Stands in for <see cref="Lock.IsHeldByCurrentThread"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static bool IsHeldByCurrentThread(Lock lockObject)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        return CoyoteControl.IsControlled
            ? s_states.GetOrCreateValue(lockObject).IsHeldByCurrentThread
            : lockObject.IsHeldByCurrentThread;
    }

    /// <summary>Stands in for <see cref="Lock.EnterScope"/>, which the C# <c>lock</c> statement on a <see cref="Lock"/> calls.</summary>
    /// <returns>Outside an exploration, the real scope. Under exploration, a default scope whose disposal (redirected to
    /// <see cref="DisposeScope"/>) exits the innermost lock this thread entered through a scope.</returns>
    /// <exception cref="NullReferenceException"><paramref name="lockObject"/> is null, as for an instance call.</exception>
    public static Lock.Scope EnterScope(Lock lockObject)
    {
        ThrowIfNullLikeAnInstanceCall(lockObject);
        if (!CoyoteControl.IsControlled)
        {
            return lockObject.EnterScope();
        }

        Enter(lockObject);
        (s_openScopes ??= new Stack<Lock>()).Push(lockObject);
        return default;
    }

    /// <summary>Stands in for <see cref="Lock.Scope.Dispose"/>.</summary>
    /// <exception cref="SynchronizationLockException">Under exploration, this thread has no open lock scope.</exception>
    public static void DisposeScope(ref Lock.Scope scope)
    {
        if (!CoyoteControl.IsControlled || s_openScopes is not { Count: > 0 } scopes)
        {
            scope.Dispose();
            return;
        }

        Exit(scopes.Pop());
    }

    private static bool TryEnterControlled(Lock lockObject, bool infinite, bool immediate)
    {
        if (infinite)
        {
            Enter(lockObject);
            return true;
        }

        SchedulingPoint.Interleave();
        var state = s_states.GetOrCreateValue(lockObject);
        if (state.TryTake() || immediate)
        {
            return state.IsHeldByCurrentThread;
        }

        // The wait is bounded: let the holder run one step, then take the lock if it was released or time out.
        SchedulingPoint.Interleave();
        return state.TryTake();
    }

    private static void ThrowIfNullLikeAnInstanceCall(Lock lockObject)
    {
        if (lockObject is null)
        {
            throw new NullReferenceException();
        }
    }

    /// <summary>The owner and recursion count of one lock under exploration.</summary>
    /// <remarks>Read and written only by controlled operations, which the scheduler runs one at a time.</remarks>
    private sealed class LockState
    {
        /// <summary>The managed id of the owning thread, or 0 when the lock is free.</summary>
        private int _owner;

        /// <summary>How many times the owner entered the lock; 0 exactly when <see cref="_owner"/> is 0.</summary>
        private int _count;

        public bool IsFree => _owner == 0;

        public bool IsHeldByCurrentThread => _owner == Environment.CurrentManagedThreadId;

        /// <summary>Takes the lock if it is free or re-enters it if this thread holds it.</summary>
        public bool TryTake()
        {
            int me = Environment.CurrentManagedThreadId;
            if (_owner != 0 && _owner != me)
            {
                return false;
            }

            _owner = me;
            _count++;
            Instrumentation.SyncHooks.Acquired(this);
            return true;
        }

        /// <summary>Undoes one <see cref="TryTake"/> of this thread.</summary>
        /// <exception cref="SynchronizationLockException">This thread does not hold the lock.</exception>
        public void Release()
        {
            if (_owner != Environment.CurrentManagedThreadId)
            {
                throw new SynchronizationLockException("The calling thread does not hold the lock.");
            }

            Instrumentation.SyncHooks.Releasing(this);
            if (--_count == 0)
            {
                _owner = 0;
            }
        }
    }
}
