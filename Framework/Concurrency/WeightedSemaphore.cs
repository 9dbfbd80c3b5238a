using System.Diagnostics;

namespace Weft.Concurrency;

/// <summary>A semaphore whose callers take and give back any number of permits at once, served strictly first in, first
/// out: the semantics of Go's <c>golang.org/x/sync/semaphore.Weighted</c>.</summary>
/// <remarks>
/// <para>Use it to bound a resource that requests use in different amounts: bytes of memory, rows of a batch, connections
/// of a pool. For one permit at a time, use <see cref="SemaphoreSlim"/>: it is the right tool for <c>n = 1</c>, and this
/// type does not try to replace it.</para>
/// <para><b>Atomic:</b> <see cref="AcquireAsync"/> takes all <c>n</c> permits at once or none; a waiter never holds part
/// of its request. <b>First in, first out:</b> waiters are served in arrival order, and a waiter that does not fit blocks
/// every later one, even one that would fit. So a large request at the head is not starved by a stream of small ones
/// (the price: a small request may wait behind a large one while permits sit free). <see cref="TryAcquire"/> follows the
/// same rule and fails while anyone is waiting.</para>
/// <para><b>Cancellation:</b> a cancelled <see cref="AcquireAsync"/> owns no permits and leaks none. The grant and the
/// cancellation are decided under one lock, so when they race exactly one wins: either the task completes successfully
/// and the caller owns the permits (even if the token was cancelled a moment later), or it is cancelled and the caller
/// owns nothing. When a cancelled waiter was at the head, the waiters behind it that now fit are served at once. A token
/// that is already cancelled fails the call even when permits are free, as in Go and <see cref="SemaphoreSlim"/>.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> every operation takes one internal lock, so each <see cref="Release"/> happens-before every
/// later successful <see cref="AcquireAsync"/> or <see cref="TryAcquire"/>, in particular the acquisition it satisfies;
/// a granted waiter's continuation runs after the <see cref="Release"/> (or acquisition) that granted it. Outside an
/// exploration it behaves the same; under an exploration its lock and tasks are controlled, so every interleaving of
/// acquisitions, releases and cancellations can be explored.</para>
/// </remarks>
/// <seealso cref="SemaphoreSlim"/>
/// <seealso cref="WorkerPool"/>
public sealed class WeightedSemaphore
{
    private static readonly Action<object?> s_cancelWaiter = static state =>
    {
        var (semaphore, waiter) = ((WeightedSemaphore, PermitWaiter))state!;
        semaphore.Cancel(waiter);
    };

    /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

    /// <summary>The first of the waiters, which are linked in arrival order through <see cref="PermitWaiter.Next"/>
    /// and <see cref="PermitWaiter.Previous"/>, or <see langword="null"/> when nobody waits; every waiter in the list is
    /// <see cref="PermitWaiterState.Waiting"/>. The list is intrusive rather than a <see cref="LinkedList{T}"/>, so that
    /// a wait allocates no node. Guarded by <see cref="_gate"/>.</summary>
    private PermitWaiter? _head;

    /// <summary>The last waiter, or <see langword="null"/> when nobody waits. Guarded by <see cref="_gate"/>.</summary>
    private PermitWaiter? _tail;

    /// <summary>The number of waiters in the list, from 0 up. Guarded by <see cref="_gate"/>.</summary>
    private int _waiterCount;

    /// <summary>The permits held by callers, from 0 to <see cref="Capacity"/>. Guarded by <see cref="_gate"/>.</summary>
    private long _held;

    /// <summary>Creates a semaphore with <paramref name="capacity"/> permits, all free.</summary>
    /// <param name="capacity">The total number of permits.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public WeightedSemaphore(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The total number of permits, free or held.</summary>
    public long Capacity { get; }

    /// <summary>The number of free permits at the moment of the call; a snapshot that may be stale at once.</summary>
    public long CurrentCount
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return Capacity - _held;
            }
        }
    }

    /// <summary>The number of callers waiting in <see cref="AcquireAsync"/> at the moment of the call.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _waiterCount;
            }
        }
    }

    /// <summary>Takes <paramref name="count"/> permits, waiting first in, first out until they are free.</summary>
    /// <param name="count">How many permits to take at once, from 1 to <see cref="Capacity"/>.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled call holds no permits.</param>
    /// <returns>A task that completes when the caller holds the permits. It is already complete when they were free and
    /// nobody was waiting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or more than
    /// <see cref="Capacity"/>: such a request could never be granted, so it fails at once instead of waiting forever.</exception>
    /// <exception cref="OperationCanceledException">(In the task.) <paramref name="cancellationToken"/> was cancelled
    /// before the permits were granted; the caller holds none of them.</exception>
    public Task AcquireAsync(long count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        PermitWaiter waiter;
        lock (_gate)
        {
            AssertInvariants();
            if (_head is null && Capacity - _held >= count)
            {
                _held += count;
                return Task.CompletedTask;
            }

            waiter = new PermitWaiter(count, cancellationToken);
            Enqueue(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: a token cancelled in the meantime runs the callback right here, and the
            // callback takes the lock itself.
            var registration = cancellationToken.Register(s_cancelWaiter, (this, waiter));
            bool stillWaiting;
            lock (_gate)
            {
                AssertInvariants();
                stillWaiting = waiter.State == PermitWaiterState.Waiting;
                if (stillWaiting)
                {
                    waiter.Registration = registration;
                }
            }

            if (!stillWaiting)
            {
                // Granted or cancelled already: nobody else will unregister. Unregister never waits for a running
                // callback, which finds the waiter decided and does nothing.
                registration.Unregister();
            }
        }

        return WaiterTask.WrapAsync(waiter.Completion.Task);
    }

    /// <summary>Takes <paramref name="count"/> permits if they are free now and nobody is waiting; never waits.</summary>
    /// <param name="count">How many permits to take at once, at least 1.</param>
    /// <returns><see langword="true"/> if the caller now holds the permits; <see langword="false"/> if not enough were
    /// free or another caller was already waiting (first in, first out), or <paramref name="count"/> is more than
    /// <see cref="Capacity"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public bool TryAcquire(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            AssertInvariants();
            if (_head is null && Capacity - _held >= count)
            {
                _held += count;
                return true;
            }

            return false;
        }
    }

    /// <summary>Gives back <paramref name="count"/> permits and grants them to the waiters at the head that now fit.</summary>
    /// <param name="count">How many permits to give back, at least 1 and at most the number held.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="SemaphoreFullException">More permits were given back than are held; nothing was released.</exception>
    public void Release(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        PermitWaiter? granted;
        lock (_gate)
        {
            AssertInvariants();
            if (count > _held)
            {
                throw new SemaphoreFullException($"Released {count} permit(s) but only {_held} are held.");
            }

            _held -= count;
            granted = GrantWaitersThatFit();
        }

        Complete(granted);
    }

    /// <summary>The registration callback of a waiter whose token was cancelled.</summary>
    private void Cancel(PermitWaiter waiter)
    {
        PermitWaiter? granted = null;
        lock (_gate)
        {
            AssertInvariants();
            if (waiter.State != PermitWaiterState.Waiting)
            {
                // The grant won the race: the caller owns the permits and will release them.
                return;
            }

            bool wasHead = _head == waiter;
            Remove(waiter);
            waiter.State = PermitWaiterState.Canceled;
            if (wasHead)
            {
                // The head blocked everyone behind it; without it, some of them may fit now.
                granted = GrantWaitersThatFit();
            }
        }

        // Completed outside the lock; continuations run asynchronously anyway.
        waiter.Completion.TrySetCanceled(waiter.Token);
        Complete(granted);
    }

    /// <summary>Grants, in order, the waiters at the head that fit in the free permits; stops at the first that does not.</summary>
    /// <returns>The first granted waiter, the others linked to it through <see cref="PermitWaiter.NextGranted"/>, to
    /// complete outside the lock; or <see langword="null"/> for none. A chain rather than a list, so that a release
    /// allocates nothing.</returns>
    private PermitWaiter? GrantWaitersThatFit()
    {
        PermitWaiter? first = null;
        PermitWaiter? last = null;
        while (_head is { } head && Capacity - _held >= head.Count)
        {
            Remove(head);
            _held += head.Count;
            head.State = PermitWaiterState.Granted;
            if (last is null)
            {
                first = head;
            }
            else
            {
                last.NextGranted = head;
            }

            last = head;
        }

        return first;
    }

    /// <summary>Appends <paramref name="waiter"/> to the waiters; called with the lock held.</summary>
    private void Enqueue(PermitWaiter waiter)
    {
        waiter.Previous = _tail;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        _waiterCount++;
    }

    /// <summary>Unlinks <paramref name="waiter"/>, which is in the list, from the waiters; called with the lock held.</summary>
    private void Remove(PermitWaiter waiter)
    {
        if (waiter.Previous is null)
        {
            _head = waiter.Next;
        }
        else
        {
            waiter.Previous.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _tail = waiter.Previous;
        }
        else
        {
            waiter.Next.Previous = waiter.Previous;
        }

        waiter.Previous = null;
        waiter.Next = null;
        _waiterCount--;
    }

    /// <summary>Completes the chain of granted waiters that <see cref="GrantWaitersThatFit"/> returned; called outside the
    /// lock. Their states left Waiting under the lock, so nobody else touches them any more.</summary>
    private static void Complete(PermitWaiter? granted)
    {
        while (granted is not null)
        {
            var next = granted.NextGranted;
            granted.NextGranted = null;
            granted.Registration.Unregister();
            granted.Completion.TrySetResult();
            granted = next;
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_gate), "The invariants are checked with the lock held.");
        Debug.Assert(_held >= 0 && _held <= Capacity, $"The held permits ({_held}) must be between 0 and the capacity ({Capacity}).");
        Debug.Assert(
            _head is null || Capacity - _held < _head.Count,
            "The waiter at the head must not fit in the free permits, or it would have been granted.");
        Debug.Assert(
            (_head is null) == (_tail is null) && (_head is null) == (_waiterCount == 0),
            $"The waiter list must be empty at both ends with a count of 0, or at neither (count {_waiterCount}).");
    }

    /// <summary>The states of a <see cref="PermitWaiter"/>.</summary>
    private enum PermitWaiterState
    {
        /// <summary>In the queue; owns nothing.</summary>
        Waiting,

        /// <summary>Out of the queue; owns its permits, and its task completes successfully.</summary>
        Granted,

        /// <summary>Out of the queue; owns nothing, and its task is cancelled.</summary>
        Canceled,
    }

    /// <summary>One caller waiting in <see cref="AcquireAsync"/>.</summary>
    private sealed class PermitWaiter(long count, CancellationToken token)
    {
        /// <summary>How many permits the caller asked for.</summary>
        public long Count { get; } = count;

        /// <summary>The caller's token, recorded in the cancelled task.</summary>
        public CancellationToken Token { get; } = token;

        /// <summary>Completed exactly once, outside the lock, after <see cref="State"/> left <see cref="PermitWaiterState.Waiting"/>.
        /// Continuations run asynchronously so that a release never runs a waiter's code on its own stack.</summary>
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Waiting, Granted or Canceled; only ever leaves Waiting. Guarded by the semaphore's lock.</summary>
        public PermitWaiterState State { get; set; }

        /// <summary>The waiter before this one while it waits, <see langword="null"/> at the head or once out of the
        /// list. Guarded by the semaphore's lock.</summary>
        public PermitWaiter? Previous { get; set; }

        /// <summary>The waiter after this one while it waits, <see langword="null"/> at the tail or once out of the list.
        /// Guarded by the semaphore's lock.</summary>
        public PermitWaiter? Next { get; set; }

        /// <summary>The next waiter granted by the same release, while the releasing thread completes them outside the
        /// lock; set under the lock, then read only by that thread.</summary>
        public PermitWaiter? NextGranted { get; set; }

        /// <summary>The cancellation registration, stored only while the waiter still waits; whoever grants the waiter
        /// unregisters it. Guarded by the semaphore's lock.</summary>
        public CancellationTokenRegistration Registration { get; set; }
    }
}
