using System.Diagnostics;

namespace Weft.Concurrency;

/// <summary>Duplicate-call suppression: concurrent <see cref="DoAsync"/> calls for one key share a single execution of
/// the work and all receive its result, like Go's <c>golang.org/x/sync/singleflight.Group</c>.</summary>
/// <remarks>
/// <para>The first call for a key (while no execution of it is in flight) starts the work; calls that arrive while it is
/// in flight join it. When the work ends, every call still waiting receives its value, or its exception, or its
/// cancellation, and the key is forgotten: the next call starts a new execution. Nothing is cached after that; this
/// suppresses duplicates in flight, it is not a cache.</para>
/// <para><b>Cancellation:</b> a caller's token abandons only that caller's wait: its task is cancelled and the
/// execution goes on for the others. The starting caller is not special: the work does not run under its token, because
/// then one impatient caller would fail every caller that joined it. The work runs under a token of its own, cancelled
/// only when every caller waiting for it has cancelled; the key is then forgotten at once, so a later call starts a
/// fresh execution instead of joining a cancelled one (the abandoned execution may still be finishing meanwhile). When
/// a caller's cancellation and the end of the work race, the caller gets exactly one of the two outcomes. A token that
/// is already cancelled fails the call before it joins or starts anything.</para>
/// <para><b>Exceptions:</b> an exception of the work reaches every waiting caller (the same exception object); an
/// <see cref="OperationCanceledException"/> of the work cancels every waiting caller's task. Neither is remembered.</para>
/// <para>The work starts on the starting caller's stack (it runs synchronously up to its first <c>await</c>), outside
/// every lock of this type.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> the end of the work happens-before each waiting caller's task completes; the call that
/// starts an execution happens-before the work runs; every operation takes one internal lock, so each
/// <see cref="Forget"/> happens-before the calls that then start a new execution. Outside an exploration it behaves the
/// same; under an exploration its lock and tasks are controlled, so joins, cancellations and completions can be explored
/// in every order.</para>
/// </remarks>
/// <typeparam name="TKey">The key that identifies duplicate calls.</typeparam>
/// <typeparam name="TValue">The type of the work's result.</typeparam>
/// <seealso cref="AsyncLazy{T}"/>
public sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private static readonly Action<object?> s_cancelWaiter = static state =>
    {
        var (group, waiter) = ((SingleFlight<TKey, TValue>, FlightWaiter))state!;
        group.Cancel(waiter);
    };

    /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

    /// <summary>The executions in flight by key. Every flight here is unfinished and has at least one waiting caller.
    /// Guarded by <see cref="_gate"/>.</summary>
    private readonly Dictionary<TKey, Flight> _flights;

    /// <summary>Creates a group with no execution in flight.</summary>
    /// <param name="comparer">Compares keys; <see langword="null"/> for the default comparer.</param>
    public SingleFlight(IEqualityComparer<TKey>? comparer = null) => _flights = new Dictionary<TKey, Flight>(comparer);

    /// <summary>The number of keys with an execution in flight at the moment of the call.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _flights.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> for <paramref name="key"/>, or joins the execution already in flight for it.</summary>
    /// <param name="key">The key; calls with equal keys share one execution.</param>
    /// <param name="work">The work, called only when this call starts a new execution. It receives a token that is
    /// cancelled when every caller waiting for it has cancelled.</param>
    /// <param name="cancellationToken">Cancels this caller's wait only.</param>
    /// <returns>The execution's value, and whether it was shared with the call that started it. If the work threw, the
    /// task fails with the same exception for every waiting caller.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="OperationCanceledException">(In the task.) <paramref name="cancellationToken"/> was cancelled
    /// before the execution ended, or the work itself was cancelled.</exception>
    /// <exception cref="InvalidOperationException">(In the task.) The work returned a null task.</exception>
    public Task<SingleFlightResult<TValue>> DoAsync(TKey key, Func<CancellationToken, Task<TValue>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SingleFlightResult<TValue>>(cancellationToken);
        }

        Flight? flight;
        FlightWaiter waiter;
        bool starts;
        lock (_gate)
        {
            AssertInvariants();
            starts = !_flights.TryGetValue(key, out flight);
            if (flight is null)
            {
                flight = new Flight(key);
                _flights.Add(key, flight);
            }

            waiter = new FlightWaiter(flight, shared: !starts, cancellationToken);
            flight.Waiters.Add(waiter);
            flight.WaitingCount++;
        }

        if (starts)
        {
            // Outside the lock: the work runs synchronously up to its first await, and may even finish right here.
            _ = RunAsync(flight, work);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: a token cancelled in the meantime runs the callback right here.
            var registration = cancellationToken.Register(s_cancelWaiter, (this, waiter));
            bool stillWaiting;
            lock (_gate)
            {
                AssertInvariants();
                stillWaiting = waiter.State == FlightWaiterState.Waiting;
                if (stillWaiting)
                {
                    waiter.Registration = registration;
                }
            }

            if (!stillWaiting)
            {
                // Already completed or cancelled: nobody else will unregister; Unregister never waits for a running callback.
                registration.Unregister();
            }
        }

        return WaiterTask.WrapAsync(waiter.Completion.Task);
    }

    /// <summary>Forgets the execution in flight for <paramref name="key"/>: the next call for the key starts a new one.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if an execution was in flight for the key.</returns>
    /// <remarks>The forgotten execution goes on, and the callers already waiting for it still receive its result.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool Forget(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            AssertInvariants();
            if (_flights.Remove(key, out var flight))
            {
                flight.Listed = false;
                return true;
            }

            return false;
        }
    }

    private async Task RunAsync(Flight flight, Func<CancellationToken, Task<TValue>> work)
    {
        TValue value = default!;
        Exception? error = null;
        try
        {
            value = await (work(flight.Cancellation.Token) ?? throw new InvalidOperationException("The work returned a null task.")).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Not swallowed: delivered to every waiting caller below.
            error = exception;
        }

        List<FlightWaiter> waiting;
        lock (_gate)
        {
            AssertInvariants();
            flight.Finished = true;
            if (flight.Listed)
            {
                // Still the key's flight (Forget and a full cancellation unlist it, and only then may a new flight take the key).
                _flights.Remove(flight.Key);
                flight.Listed = false;
            }

            waiting = [.. flight.Waiters.Where(w => w.State == FlightWaiterState.Waiting)];
            foreach (var waiter in waiting)
            {
                waiter.State = FlightWaiterState.Completed;
            }

            flight.WaitingCount = 0;
        }

        foreach (var waiter in waiting)
        {
            waiter.Registration.Unregister();
            switch (error)
            {
                case null:
                    waiter.Completion.TrySetResult(new SingleFlightResult<TValue>(value, waiter.Shared));
                    break;
                case OperationCanceledException canceled:
                    waiter.Completion.TrySetCanceled(canceled.CancellationToken);
                    break;
                default:
                    waiter.Completion.TrySetException(error);
                    break;
            }
        }
    }

    /// <summary>The registration callback of a waiter whose token was cancelled.</summary>
    private void Cancel(FlightWaiter waiter)
    {
        var flight = waiter.Flight;
        bool abandon = false;
        lock (_gate)
        {
            AssertInvariants();
            if (waiter.State != FlightWaiterState.Waiting)
            {
                // The execution ended first: the caller has its outcome already.
                return;
            }

            waiter.State = FlightWaiterState.Canceled;
            flight.WaitingCount--;
            if (flight.WaitingCount == 0)
            {
                // Nobody waits any more: forget the key now, so that a new call starts afresh, and stop the work below.
                abandon = true;
                if (flight.Listed)
                {
                    _flights.Remove(flight.Key);
                    flight.Listed = false;
                }
            }
        }

        waiter.Completion.TrySetCanceled(waiter.Token);
        if (abandon)
        {
            // Outside the lock: the work's cancellation callbacks run on this stack.
            flight.Cancellation.Cancel();
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_gate), "The invariants are checked with the lock held.");
        foreach (var (key, flight) in _flights)
        {
            Debug.Assert(flight.Listed && !flight.Finished, $"The flight of key '{key}' is in the map, so it must be listed and unfinished.");
            Debug.Assert(flight.WaitingCount > 0, $"The flight of key '{key}' is in the map, so somebody must be waiting for it.");
        }
    }

    /// <summary>The states of a <see cref="FlightWaiter"/>.</summary>
    private enum FlightWaiterState
    {
        /// <summary>Waits for the flight's outcome.</summary>
        Waiting,

        /// <summary>Received the flight's outcome.</summary>
        Completed,

        /// <summary>Its caller's token was cancelled first; its task is cancelled.</summary>
        Canceled,
    }

    /// <summary>One execution of the work and the callers waiting for it.</summary>
    private sealed class Flight(TKey key)
    {
        public TKey Key { get; } = key;

        /// <summary>The work's token, cancelled once every waiting caller has cancelled. It is never disposed: it has no
        /// timer, and the work may still hold its token after the flight ends.</summary>
        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Every caller that joined, in arrival order, whatever its state. Guarded by the group's lock.</summary>
        public List<FlightWaiter> Waiters { get; } = [];

        /// <summary>How many of <see cref="Waiters"/> are still waiting. Guarded by the group's lock.</summary>
        public int WaitingCount { get; set; }

        /// <summary>Whether the work has ended and its outcome was handed out. Guarded by the group's lock.</summary>
        public bool Finished { get; set; }

        /// <summary>Whether the flight is the key's entry in the map. It leaves the map once and for all: when it
        /// finishes, through <see cref="Forget"/>, or when every caller cancelled. Guarded by the group's lock.</summary>
        public bool Listed { get; set; } = true;
    }

    /// <summary>One caller of <see cref="DoAsync"/>.</summary>
    private sealed class FlightWaiter(Flight flight, bool shared, CancellationToken token)
    {
        public Flight Flight { get; } = flight;

        public bool Shared { get; } = shared;

        public CancellationToken Token { get; } = token;

        /// <summary>Completed exactly once, outside the lock, after <see cref="State"/> left Waiting; continuations run
        /// asynchronously.</summary>
        public TaskCompletionSource<SingleFlightResult<TValue>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Waiting, Completed or Canceled; only ever leaves Waiting. Guarded by the group's lock.</summary>
        public FlightWaiterState State { get; set; }

        /// <summary>The cancellation registration, stored only while the caller still waits; whoever completes the
        /// caller unregisters it. Guarded by the group's lock.</summary>
        public CancellationTokenRegistration Registration { get; set; }
    }
}
