using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Weft.Concurrency;

/// <summary>A bounded first-in, first-out queue for many producers and consumers, whose producers wait for room and whose
/// consumers wait for items, both asynchronously; the job queue of <see cref="WorkerPool"/>.</summary>
/// <remarks>
/// <para>It is a <see cref="Queue{T}"/> under one lock with a <see cref="TaskCompletionSource"/> per waiting producer or
/// consumer: adding, taking, completing and clearing are each decided atomically with respect to the others. A waiting
/// producer is served before any later <see cref="TryAdd"/>, in arrival order; an item meets a waiting consumer
/// directly, without entering the queue. A producer's cancellation and its acceptance race under the lock, so exactly
/// one of them wins. It is not a <c>Channel&lt;T&gt;</c> because Coyote 1.7.11 does not control channels, and it does not
/// wait on a <see cref="SemaphoreSlim"/> because Coyote's model of it ignores the cancellation token.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> the add of an item happens-before the take that returns it.</para>
/// </remarks>
/// <typeparam name="T">The type of the items; a reference type, since a consumer receives <see langword="null"/> once the
/// queue is done.</typeparam>
internal sealed class BoundedQueue<T>
    where T : class
{
    private static readonly Action<object?> s_cancelProducer = static state =>
    {
        var (queue, producer) = ((BoundedQueue<T>, Producer))state!;
        queue.Cancel(producer);
    };

    /// <summary>What <see cref="TryTake"/> gives a consumer of a queue that is done: a completed task of
    /// <see langword="null"/>, shared.</summary>
    private static readonly Task<T?> s_done = Task.FromResult<T?>(null);

    /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

    /// <summary>Accepted items nobody has taken yet, at most <see cref="Capacity"/>; empty once cleared. Guarded by
    /// <see cref="_gate"/>.</summary>
    private readonly Queue<T> _items = new();

    /// <summary>Producers waiting for room, in arrival order; not empty only while accepting with a full queue and no
    /// waiting consumer. Guarded by <see cref="_gate"/>.</summary>
    private readonly LinkedList<Producer> _producers = new();

    /// <summary>Consumers waiting for an item, each completed with its item, or with <see langword="null"/> when the
    /// queue is done; not empty only while accepting with an empty queue. Guarded by <see cref="_gate"/>.</summary>
    private readonly Queue<TaskCompletionSource<T?>> _consumers = new();

    /// <summary>Builds the exception of an add refused because the queue no longer accepts items.</summary>
    private readonly Func<Exception> _closedError;

    /// <summary>Accepting, Completed or Cleared; moves only forward in that order. Guarded by <see cref="_gate"/>.</summary>
    private QueueState _state;

    /// <summary>Creates an empty queue that accepts items.</summary>
    /// <param name="capacity">How many items may wait for a consumer, at least 0. With 0, an item is accepted only when
    /// a consumer is waiting for it.</param>
    /// <param name="closedError">Builds the exception of an add refused because the queue no longer accepts items.</param>
    public BoundedQueue(int capacity, Func<Exception> closedError)
    {
        Capacity = capacity;
        _closedError = closedError;
    }

    /// <summary>How many items may wait for a consumer.</summary>
    public int Capacity { get; }

    /// <summary>The number of items waiting for a consumer.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _items.Count;
            }
        }
    }

    /// <summary>Adds <paramref name="item"/>, waiting for room while the queue is full.</summary>
    /// <returns>A task that completes when the item is accepted. It is cancelled if <paramref name="cancellationToken"/>
    /// was cancelled first, and fails with the closed error if the queue stopped accepting first.</returns>
    public Task AddAsync(T item, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        Admission admission;
        TaskCompletionSource<T?>? consumer;
        Producer? producer = null;
        lock (_gate)
        {
            AssertInvariants();
            admission = Admit(item, out consumer);
            if (admission == Admission.Full)
            {
                producer = new Producer(item, cancellationToken);
                producer.Node = _producers.AddLast(producer);
            }
        }

        switch (admission)
        {
            case Admission.Accepted:
                consumer?.TrySetResult(item);
                return Task.CompletedTask;
            case Admission.Closed:
                return Task.FromException(_closedError());
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: a token cancelled in the meantime runs the callback right here.
            var registration = cancellationToken.Register(s_cancelProducer, (this, producer!));
            bool stillWaiting;
            lock (_gate)
            {
                AssertInvariants();
                stillWaiting = producer!.State == ProducerState.Waiting;
                if (stillWaiting)
                {
                    producer.Registration = registration;
                }
            }

            if (!stillWaiting)
            {
                // Already decided: nobody else will unregister; Unregister never waits for a running callback.
                registration.Unregister();
            }
        }

        return WaiterTask.WrapAsync(producer!.Completion.Task);
    }

    /// <summary>Adds <paramref name="item"/> if it can be accepted now; never waits.</summary>
    /// <returns><see langword="true"/> if accepted; <see langword="false"/> if full, if producers are waiting, or if the
    /// queue no longer accepts items.</returns>
    public bool TryAdd(T item)
    {
        Admission admission;
        TaskCompletionSource<T?>? consumer;
        lock (_gate)
        {
            AssertInvariants();
            admission = Admit(item, out consumer);
        }

        consumer?.TrySetResult(item);
        return admission == Admission.Accepted;
    }

    /// <summary>Takes the next item if there is one now; otherwise gives a task that waits for it.</summary>
    /// <param name="item">The item taken at once, when the method returns <see langword="true"/>.</param>
    /// <param name="next">When the method returns <see langword="false"/>: a task that completes with the next item, or
    /// with <see langword="null"/> once the queue is done (completed and empty, or cleared; then it is complete already).</param>
    /// <returns><see langword="true"/> if an item was taken at once.</returns>
    /// <remarks>Rather than a <c>TakeAsync</c> that would return <c>Task.FromResult(item)</c>, so that taking an item
    /// that is already there allocates nothing: that is the common case of a busy pool, once per job. Nor a
    /// <see cref="ValueTask{TResult}"/>: the race detector does not join a task awaited through
    /// <c>ValueTask.ConfigureAwait(false)</c>, so the job's run would not be ordered after its submission under
    /// exploration. The consumer awaits <paramref name="next"/> directly (see <see cref="WaiterTask"/>).</remarks>
    public bool TryTake([NotNullWhen(true)] out T? item, [NotNullWhen(false)] out Task<T?>? next)
    {
        Producer? admitted = null;
        TaskCompletionSource<T?>? consumer = null;
        lock (_gate)
        {
            AssertInvariants();
            if (_items.TryDequeue(out item))
            {
                // A slot came free: it goes to the first waiting producer, before any later TryAdd can take it.
                if (TakeFirstProducer() is { } first)
                {
                    _items.Enqueue(first.Item);
                    admitted = first;
                }
            }
            else if (TakeFirstProducer() is { } first)
            {
                // Only with a capacity of 0: the waiting producer hands its item straight to this consumer.
                item = first.Item;
                admitted = first;
            }
            else if (_state == QueueState.Accepting)
            {
                consumer = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _consumers.Enqueue(consumer);
            }
        }

        if (admitted is not null)
        {
            admitted.Registration.Unregister();
            admitted.Completion.TrySetResult();
        }

        if (item is not null)
        {
            next = null;
            return true;
        }

        next = consumer?.Task ?? s_done;
        return false;
    }

    /// <summary>Stops accepting items: waiting producers fail with the closed error, and consumers take what is queued,
    /// then receive <see langword="null"/>. Does nothing if the queue already stopped accepting.</summary>
    public void Complete()
    {
        List<Producer>? rejected = null;
        List<TaskCompletionSource<T?>>? consumers = null;
        lock (_gate)
        {
            AssertInvariants();
            if (_state == QueueState.Accepting)
            {
                _state = QueueState.Completed;
                (rejected, consumers) = TakeWaiters();
            }
        }

        Reject(rejected);
        Release(consumers);
    }

    /// <summary>Stops accepting items like <see cref="Complete"/> and drops every queued item.</summary>
    /// <returns>The dropped items in queue order; empty if the queue was already cleared.</returns>
    public IReadOnlyList<T> Clear()
    {
        T[] dropped = [];
        List<Producer>? rejected = null;
        List<TaskCompletionSource<T?>>? consumers = null;
        lock (_gate)
        {
            AssertInvariants();
            if (_state != QueueState.Cleared)
            {
                _state = QueueState.Cleared;
                dropped = [.. _items];
                _items.Clear();
                (rejected, consumers) = TakeWaiters();
            }
        }

        Reject(rejected);
        Release(consumers);
        return dropped;
    }

    /// <summary>Accepts <paramref name="item"/> if possible; called with the lock held.</summary>
    /// <param name="item">The item.</param>
    /// <param name="consumer">The waiting consumer that takes the item, to complete outside the lock.</param>
    private Admission Admit(T item, out TaskCompletionSource<T?>? consumer)
    {
        consumer = null;
        if (_state != QueueState.Accepting)
        {
            return Admission.Closed;
        }

        if (_consumers.TryDequeue(out consumer))
        {
            return Admission.Accepted;
        }

        if (_items.Count < Capacity)
        {
            _items.Enqueue(item);
            return Admission.Accepted;
        }

        return Admission.Full;
    }

    /// <summary>The registration callback of a waiting producer whose token was cancelled.</summary>
    private void Cancel(Producer producer)
    {
        lock (_gate)
        {
            AssertInvariants();
            if (producer.State != ProducerState.Waiting)
            {
                // Accepted or rejected first: that outcome stands.
                return;
            }

            _producers.Remove(producer.Node!);
            producer.State = ProducerState.Canceled;
        }

        producer.Completion.TrySetCanceled(producer.Token);
    }

    /// <summary>Removes the first waiting producer and marks it accepted; called with the lock held.</summary>
    private Producer? TakeFirstProducer()
    {
        if (_producers.First is not { } node)
        {
            return null;
        }

        _producers.RemoveFirst();
        node.Value.State = ProducerState.Accepted;
        return node.Value;
    }

    /// <summary>Removes every waiting producer (marked rejected) and consumer; called with the lock held when the queue
    /// stops accepting.</summary>
    private (List<Producer> Rejected, List<TaskCompletionSource<T?>> Consumers) TakeWaiters()
    {
        var rejected = new List<Producer>(_producers);
        foreach (var producer in rejected)
        {
            producer.State = ProducerState.Rejected;
        }

        _producers.Clear();
        var consumers = new List<TaskCompletionSource<T?>>(_consumers);
        _consumers.Clear();
        return (rejected, consumers);
    }

    private void Reject(List<Producer>? rejected)
    {
        foreach (var producer in rejected ?? [])
        {
            producer.Registration.Unregister();
            producer.Completion.TrySetException(_closedError());
        }
    }

    private static void Release(List<TaskCompletionSource<T?>>? consumers)
    {
        foreach (var consumer in consumers ?? [])
        {
            consumer.TrySetResult(null);
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_gate), "The invariants are checked with the lock held.");
        Debug.Assert(_items.Count <= Capacity, $"The queue holds {_items.Count} items, more than its capacity of {Capacity}.");
        Debug.Assert(_consumers.Count == 0 || (_items.Count == 0 && _producers.Count == 0), "A consumer may wait only while no item and no producer waits.");
        Debug.Assert(_producers.Count == 0 || _items.Count == Capacity, "A producer may wait only while the queue is full.");
        Debug.Assert(_state == QueueState.Accepting || (_producers.Count == 0 && _consumers.Count == 0), "Once the queue stops accepting, no producer and no consumer waits.");
        Debug.Assert(_state != QueueState.Cleared || _items.Count == 0, "A cleared queue holds no item.");
    }

    /// <summary>The states of the queue, in the only order it moves through them (Clear may skip Completed).</summary>
    private enum QueueState
    {
        /// <summary>Accepts items.</summary>
        Accepting,

        /// <summary>Accepts nothing; consumers take what is queued, then receive null.</summary>
        Completed,

        /// <summary>Accepts nothing and holds nothing; consumers receive null.</summary>
        Cleared,
    }

    /// <summary>What <see cref="Admit"/> decided.</summary>
    private enum Admission
    {
        /// <summary>A waiting consumer took the item, or it entered the queue.</summary>
        Accepted,

        /// <summary>No room: the caller may wait.</summary>
        Full,

        /// <summary>The queue no longer accepts items.</summary>
        Closed,
    }

    /// <summary>The states of a <see cref="Producer"/>.</summary>
    private enum ProducerState
    {
        /// <summary>Waits for room.</summary>
        Waiting,

        /// <summary>Its item was accepted; its task completes successfully.</summary>
        Accepted,

        /// <summary>The queue stopped accepting first; its task fails.</summary>
        Rejected,

        /// <summary>Its token was cancelled first; its task is cancelled.</summary>
        Canceled,
    }

    /// <summary>One <see cref="AddAsync"/> waiting for room.</summary>
    private sealed class Producer(T item, CancellationToken token)
    {
        public T Item { get; } = item;

        public CancellationToken Token { get; } = token;

        /// <summary>Completed exactly once, outside the lock, after <see cref="State"/> left Waiting; continuations run
        /// asynchronously.</summary>
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Waiting, Accepted, Rejected or Canceled; only ever leaves Waiting. Guarded by the queue's lock.</summary>
        public ProducerState State { get; set; }

        /// <summary>The producer's node while it waits. Guarded by the queue's lock.</summary>
        public LinkedListNode<Producer>? Node { get; set; }

        /// <summary>The cancellation registration, stored only while waiting; whoever decides the producer unregisters
        /// it. Guarded by the queue's lock.</summary>
        public CancellationTokenRegistration Registration { get; set; }
    }
}
