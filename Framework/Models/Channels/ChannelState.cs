using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Coyote.Runtime;
using Weft.Checking;
using Weft.Instrumentation;

namespace Weft.Models.Channels;

/// <summary>The state one channel model's reader and writer share: its items, its queues of pending operations, whether
/// writing is done, its completion, and its lock.</summary>
/// <remarks>
/// <para>The algorithms follow the BCL's bounded, unbounded, single-consumer unbounded and prioritized channels, so that
/// every operation has the same observable outcome. Unlike the BCL, pending operations complete through tasks of a
/// <see cref="TaskCompletionSource{TResult}"/> (see <see cref="ChannelWaiter{TResult}"/>), which the scheduler controls,
/// and a canceled operation leaves its queue at once, under the lock.</para>
/// <para>Each operation changes the state under <see cref="Gate"/> and completes the operations it wakes, invokes the
/// item-dropped callback and completes <see cref="Completion"/> only after releasing it: those run user code and, under
/// exploration, are scheduling points, which must never happen while the lock is held (see <see cref="PlainMonitor"/>).</para>
/// <para>The reader and the writer take <see cref="Gate"/> and call <see cref="AssertInvariants"/> first in each locked
/// section; the invariants live here, with the state they describe.</para>
/// <para><b>Thread safety:</b> every mutable member is guarded by <see cref="Gate"/>.</para>
/// <para><b>Happens-before:</b> each release of <see cref="Gate"/> happens-before its next acquire, so each operation sees
/// every earlier one whole; completing a waiter happens-before the continuation of its task. The lock is not instrumented,
/// so the model reports the edges its users rely on to the race detector itself: each write publishes what its
/// writer did before into a token that travels with the item (<see cref="Publishing"/>), and whoever receives, peeks at
/// or drops the item acquires it (<see cref="Received"/>); <c>TryComplete</c> releases into the channel
/// (<see cref="Closing"/>), and whoever observes the channel closed acquires it (<see cref="ObservedClosed"/>).</para>
/// </remarks>
internal sealed class ChannelState<T>
{
    private readonly Action<object?, CancellationToken> _onOperationCanceled;
    private readonly Action<object?, CancellationToken> _onWaitCanceled;

    /// <summary>Creates the state of a bounded channel.</summary>
    public ChannelState(int capacity, BoundedChannelFullMode fullMode, bool runContinuationsAsynchronously, Action<T>? itemDropped)
        : this(ChannelItems<T>.InArrivalOrder(), capacity, fullMode, singleReader: false, runContinuationsAsynchronously, itemDropped)
    {
    }

    /// <summary>Creates the state of an unbounded channel.</summary>
    /// <param name="items">The item store: in arrival order, or by priority.</param>
    /// <param name="singleReader">Whether at most one read and one wait for reading may be pending, as in the BCL's
    /// single-consumer channel: a new one cancels the one before, and <see cref="ChannelReader{T}.Count"/> is not supported.</param>
    /// <param name="runContinuationsAsynchronously">Whether readers' continuations must not run inline in writers.</param>
    public ChannelState(ChannelItems<T> items, bool singleReader, bool runContinuationsAsynchronously)
        : this(items, capacity: null, BoundedChannelFullMode.Wait, singleReader, runContinuationsAsynchronously, itemDropped: null)
    {
    }

    private ChannelState(ChannelItems<T> items, int? capacity, BoundedChannelFullMode fullMode, bool singleReader, bool runContinuationsAsynchronously, Action<T>? itemDropped)
    {
        Items = items;
        Capacity = capacity;
        FullMode = fullMode;
        SingleReader = singleReader;
        RunContinuationsAsynchronously = runContinuationsAsynchronously;
        ItemDropped = itemDropped;
        Completion = new TaskCompletionSource(runContinuationsAsynchronously ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
        _onOperationCanceled = (waiter, token) => Cancel((ChannelWaiter<T>)waiter!, token);
        _onWaitCanceled = (waiter, token) => Cancel((ChannelWaiter<bool>)waiter!, token);
    }

    /// <summary>The lock that guards every mutable member.</summary>
    public PlainMonitor Gate { get; } = new();

    /// <summary>The items waiting to be read; guarded by <see cref="Gate"/>.</summary>
    public ChannelItems<T> Items { get; }

    /// <summary>The capacity of a bounded channel, or <see langword="null"/> for an unbounded one.</summary>
    public int? Capacity { get; }

    /// <summary>What a write to a full bounded channel does.</summary>
    public BoundedChannelFullMode FullMode { get; }

    /// <summary>Whether at most one read and one wait for reading may be pending (unbounded channels only).</summary>
    public bool SingleReader { get; }

    /// <summary>Whether readers' continuations must not run inline in the writer that wakes them.</summary>
    public bool RunContinuationsAsynchronously { get; }

    /// <summary>Called, outside the lock, with each item a full bounded channel drops.</summary>
    public Action<T>? ItemDropped { get; }

    /// <summary>Completes once writing is done and every item has been read.</summary>
    public TaskCompletionSource Completion { get; }

    /// <summary>Pending <c>ReadAsync</c> calls, oldest first; guarded by <see cref="Gate"/>.</summary>
    public LinkedList<ChannelWaiter<T>> BlockedReaders { get; } = new();

    /// <summary>Pending <c>WriteAsync</c> calls of a full bounded channel, oldest first, each with its item; guarded by <see cref="Gate"/>.</summary>
    public LinkedList<ChannelWaiter<T>> BlockedWriters { get; } = new();

    /// <summary>Pending <c>WaitToReadAsync</c> calls; guarded by <see cref="Gate"/>.</summary>
    public LinkedList<ChannelWaiter<bool>> WaitingReaders { get; } = new();

    /// <summary>Pending <c>WaitToWriteAsync</c> calls of a full bounded channel; guarded by <see cref="Gate"/>.</summary>
    public LinkedList<ChannelWaiter<bool>> WaitingWriters { get; } = new();

    /// <summary>Whether writing is done (<c>TryComplete</c> succeeded); guarded by <see cref="Gate"/>. Never reset.</summary>
    public bool IsDoneWriting { get; private set; }

    /// <summary>The error writing completed with, if any; guarded by <see cref="Gate"/>, set with <see cref="IsDoneWriting"/>.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Under exploration, lets the scheduler run another operation first: every channel operation that can block or
    /// wake another starts here, before it reads the state (and its token).</summary>
    public static void Interleave()
    {
        if (CoyoteControl.IsControlled)
        {
            SchedulingPoint.Interleave();
        }
    }

    /// <summary>The exception a read or write sees once the channel is closed, as the BCL makes it: the completion's
    /// <see cref="OperationCanceledException"/> itself, or a <see cref="ChannelClosedException"/> around its error.</summary>
    public static Exception ClosedException(Exception? error) =>
        error is OperationCanceledException ? error :
        error is not null ? new ChannelClosedException(error) :
        new ChannelClosedException();

    /// <summary>A new publication token for an item about to be written, into which the writer has released what it did so far.</summary>
    public static object Publishing()
    {
        var token = new object();
        SyncHooks.Releasing(token, SyncRole.Publication);
        return token;
    }

    /// <summary>The calling logical task received (or peeked at, or dropped) the item published through <paramref name="token"/>.</summary>
    public static void Received(object token) => SyncHooks.Acquired(token, SyncRole.Publication);

    /// <summary>The calling logical task completes writing: what it did so far happens-before whoever observes the channel closed.</summary>
    public void Closing() => SyncHooks.Releasing(this, SyncRole.Collection);

    /// <summary>The calling logical task observed that writing completed.</summary>
    public void ObservedClosed() => SyncHooks.Acquired(this, SyncRole.Collection);

    /// <summary>Marks writing as done with <paramref name="error"/>; call under <see cref="Gate"/>.</summary>
    public void MarkDoneWriting(Exception? error)
    {
        Debug.Assert(Gate.IsHeldByCurrentThread, "The state can only change while holding the lock.");
        IsDoneWriting = true;
        Error = error;
    }

    /// <summary>The result of a read from an empty, closed channel; call under <see cref="Gate"/>.</summary>
    public ValueTask<T> ClosedRead()
    {
        Debug.Assert(IsDoneWriting, "Only a closed channel fails reads.");
        ObservedClosed();
        return Error switch
        {
            null => new ValueTask<T>(Task.FromException<T>(new ChannelClosedException())),
            OperationCanceledException canceled => new ValueTask<T>(Task.FromCanceled<T>(
                canceled.CancellationToken.IsCancellationRequested ? canceled.CancellationToken : new CancellationToken(true))),
            _ => new ValueTask<T>(Task.FromException<T>(new ChannelClosedException(Error))),
        };
    }

    /// <summary>The result of <c>WaitToReadAsync</c> or <c>WaitToWriteAsync</c> once no read or write can succeed any more:
    /// <see langword="false"/>, or the completion's error; call under <see cref="Gate"/>.</summary>
    public ValueTask<bool> ClosedWait()
    {
        ObservedClosed();
        return Error is null ? new ValueTask<bool>(false) : new ValueTask<bool>(Task.FromException<bool>(Error));
    }

    /// <summary>Completes <see cref="Completion"/> as writing completed; call outside <see cref="Gate"/>.</summary>
    public void FinishCompletion()
    {
        // Whoever finishes it (the completing writer, or the reader of the last item) saw the channel closed; the
        // completion's observers acquire that, and what the finisher did (the source's completion is hooked).
        ObservedClosed();
        Exception? error = Error;
        if (error is OperationCanceledException canceled)
        {
            Completion.TrySetCanceled(canceled.CancellationToken);
        }
        else if (error is not null)
        {
            Completion.TrySetException(error);
        }
        else
        {
            Completion.TrySetResult();
        }
    }

    /// <summary>Queues a pending read or write and registers its cancellation; call under <see cref="Gate"/>.</summary>
    public ChannelWaiter<T> Enqueue(LinkedList<ChannelWaiter<T>> queue, ChannelWaiter<T> waiter, CancellationToken token)
    {
        waiter.Node = queue.AddLast(waiter);
        waiter.Register(token, _onOperationCanceled);
        RecordWait(waiter.Task, queue == BlockedReaders ? "a channel read" : "a channel write");
        return waiter;
    }

    /// <summary>Queues a pending wait and registers its cancellation; call under <see cref="Gate"/>.</summary>
    public ChannelWaiter<bool> Enqueue(LinkedList<ChannelWaiter<bool>> queue, ChannelWaiter<bool> waiter, CancellationToken token)
    {
        waiter.Node = queue.AddLast(waiter);
        waiter.Register(token, _onWaitCanceled);
        RecordWait(waiter.Task, queue == WaitingReaders ? "a channel read (WaitToReadAsync)" : "a channel write (WaitToWriteAsync)");
        return waiter;
    }

    /// <summary>Tells the leak check what the current operation now waits on, so that a leak report can name it.</summary>
    private static void RecordWait(Task task, string what) =>
        IterationState.Current?.Get(static () => new TaskLedger()).Blocked(task, what);

    /// <summary>Takes the oldest waiter out of <paramref name="queue"/>, which makes the caller its owner; call under <see cref="Gate"/>.</summary>
    public static ChannelWaiter<TResult>? TakeFirst<TResult>(LinkedList<ChannelWaiter<TResult>> queue)
    {
        if (queue.First is not { } first)
        {
            return null;
        }

        queue.RemoveFirst();
        return first.Value;
    }

    /// <summary>Takes every waiter out of <paramref name="queue"/>, oldest first; call under <see cref="Gate"/>.</summary>
    public static ChannelWaiter<TResult>[] TakeAll<TResult>(LinkedList<ChannelWaiter<TResult>> queue)
    {
        if (queue.Count == 0)
        {
            return [];
        }

        var all = new ChannelWaiter<TResult>[queue.Count];
        queue.CopyTo(all, 0);
        queue.Clear();
        return all;
    }

    /// <summary>Checks the state's invariants; call first in each locked section.</summary>
    [Conditional("DEBUG")]
    public void AssertInvariants()
    {
        Debug.Assert(Gate.IsHeldByCurrentThread, "Invariants can only be checked while holding the lock.");
        if (Items.Count > 0)
        {
            Debug.Assert(BlockedReaders.Count == 0, "There are items to read, so no read should be blocked.");
            Debug.Assert(WaitingReaders.Count == 0, "There are items to read, so no one should wait to read.");
        }

        if (Capacity is not { } capacity || Items.Count < capacity)
        {
            Debug.Assert(BlockedWriters.Count == 0, "There is room, so no write should be blocked.");
            Debug.Assert(WaitingWriters.Count == 0, "There is room, so no one should wait to write.");
        }

        if (BlockedWriters.Count > 0)
        {
            Debug.Assert(Items.Count == Capacity, "A write is blocked, so the channel should be full.");
            Debug.Assert(!IsDoneWriting, "Writing is done, so no write should be blocked.");
        }

        if (SingleReader)
        {
            Debug.Assert(BlockedReaders.Count <= 1 && WaitingReaders.Count <= 1, "A single-reader channel has at most one pending read and one pending wait.");
        }

        if (Completion.Task.IsCompleted)
        {
            Debug.Assert(IsDoneWriting && Items.Count == 0, "The channel can only complete once writing is done and every item is read.");
        }
    }

    /// <summary>The cancellation callback of a queued waiter: takes it out of its queue if it is still there, and cancels it.</summary>
    private void Cancel<TResult>(ChannelWaiter<TResult> waiter, CancellationToken token)
    {
        bool owned;
        Gate.Enter();
        try
        {
            AssertInvariants();

            // Still queued: the cancellation wins and owns the completion. Already taken: its owner completes it.
            owned = waiter.IsQueued;
            if (owned)
            {
                waiter.Node!.List!.Remove(waiter.Node);
            }
        }
        finally
        {
            Gate.Exit();
        }

        if (owned)
        {
            waiter.Cancel(token);
        }
    }
}
