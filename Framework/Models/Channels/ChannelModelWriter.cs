using System.Threading.Channels;

namespace Weft.Models.Channels;

/// <summary>The writing half of a channel model.</summary>
/// <remarks>
/// <para>Same observable behaviour as the BCL's channel writers: an item goes straight to the oldest blocked read if there
/// is one, else into the channel (waking those waiting to read); a full bounded channel blocks, drops the newest, the
/// oldest or the written item per its <see cref="BoundedChannelFullMode"/>, and reports each dropped item to its callback.
/// A canceled <see cref="WriteAsync"/> never delivers its item. Under exploration every operation that can block or wake
/// another is a scheduling point, and a blocked write or wait is a task the scheduler controls.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like the BCL's writers.</para>
/// <para><b>Happens-before:</b> each write happens-before the read that receives its item (and the peek that sees it, and
/// the item-dropped callback that gets it), and each read that makes room happens-before the blocked write or wait it
/// wakes; <see cref="TryComplete"/> happens-before every operation it fails or wakes and every operation that finds the
/// channel closed. The model reports these edges to the race detector (<see cref="ChannelState{T}"/>).</para>
/// </remarks>
/// <seealso cref="ChannelModelReader{T}"/>
internal sealed class ChannelModelWriter<T> : ChannelWriter<T>
{
    private readonly ChannelState<T> _state;

    public ChannelModelWriter(ChannelState<T> state) => _state = state;

    public override bool TryComplete(Exception? error = null)
    {
        ChannelState<T>.Interleave();
        var state = _state;
        bool completeChannel;
        ChannelWaiter<T>[] blockedReaders, blockedWriters;
        ChannelWaiter<bool>[] waitingReaders, waitingWriters;
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            if (state.IsDoneWriting)
            {
                return false;
            }

            state.Closing();
            state.MarkDoneWriting(error);
            completeChannel = state.Items.Count == 0;
            blockedReaders = ChannelState<T>.TakeAll(state.BlockedReaders);
            blockedWriters = ChannelState<T>.TakeAll(state.BlockedWriters);
            waitingReaders = ChannelState<T>.TakeAll(state.WaitingReaders);
            waitingWriters = ChannelState<T>.TakeAll(state.WaitingWriters);
        }
        finally
        {
            state.Gate.Exit();
        }

        // Complete the channel first, so that the operations woken below see it completed (as in the BCL).
        if (completeChannel)
        {
            state.FinishCompletion();
        }

        Exception? readerWaitError = error;
        if (blockedReaders.Length > 0)
        {
            Exception closed = ChannelState<T>.ClosedException(error);
            Fail(blockedReaders, closed);

            // The BCL's single-consumer channel then fails its waiting reader with that same exception, even without an error.
            readerWaitError = state.SingleReader ? closed : error;
        }

        if (blockedWriters.Length > 0)
        {
            Fail(blockedWriters, ChannelState<T>.ClosedException(error));
        }

        Wake(waitingReaders, readerWaitError);
        Wake(waitingWriters, error);
        return true;
    }

    public override bool TryWrite(T item)
    {
        ChannelState<T>.Interleave();
        Put(item, wait: false, default, out bool written);
        return written;
    }

    public override ValueTask WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        ChannelState<T>.Interleave();
        return cancellationToken.IsCancellationRequested
            ? new ValueTask(Task.FromCanceled(cancellationToken))
            : Put(item, wait: true, cancellationToken, out _);
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default)
    {
        ChannelState<T>.Interleave();
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<bool>(Task.FromCanceled<bool>(cancellationToken));
        }

        var state = _state;
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            if (state.IsDoneWriting)
            {
                return state.ClosedWait();
            }

            // A dropping mode always has room: it makes some by dropping an item.
            if (state.Capacity is not { } capacity || state.Items.Count < capacity || state.FullMode != BoundedChannelFullMode.Wait)
            {
                return new ValueTask<bool>(true);
            }

            var waiter = state.Enqueue(state.WaitingWriters, new ChannelWaiter<bool>(runContinuationsAsynchronously: true), cancellationToken);
            return new ValueTask<bool>(waiter.Task);
        }
        finally
        {
            state.Gate.Exit();
        }
    }

    /// <summary>Writes <paramref name="item"/>: hands it to a blocked read, stores it, drops an item, or (if
    /// <paramref name="wait"/>) queues a blocked write on a full channel.</summary>
    /// <param name="item">The item.</param>
    /// <param name="wait">Whether a full channel in <see cref="BoundedChannelFullMode.Wait"/> mode queues the write.</param>
    /// <param name="cancellationToken">Cancels a queued write.</param>
    /// <param name="written">Whether the write was accepted without blocking (dropping counts, as in the BCL).</param>
    /// <returns>What <see cref="WriteAsync"/> returns.</returns>
    private ValueTask Put(T item, bool wait, CancellationToken cancellationToken, out bool written)
    {
        var state = _state;
        ValueTask result = default;
        ChannelWaiter<T>? receiver = null;
        ChannelWaiter<bool>[] wokenReaders = [];
        bool dropping = false;
        T? dropped = default;
        object? droppedToken = null;
        written = false;
        var token = ChannelState<T>.Publishing();
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            int count = state.Items.Count;
            if (state.IsDoneWriting)
            {
                state.ObservedClosed();
                result = new ValueTask(Task.FromException(ChannelState<T>.ClosedException(state.Error)));
            }
            else if (count == 0 && (receiver = ChannelState<T>.TakeFirst(state.BlockedReaders)) is not null)
            {
                // The oldest blocked read takes the item directly; it is completed below, outside the lock.
                written = true;
            }
            else if (state.Capacity is not { } capacity || count < capacity)
            {
                state.Items.Add(item, token);
                written = true;

                // Going from empty to one item wakes everyone waiting to read.
                wokenReaders = count == 0 ? ChannelState<T>.TakeAll(state.WaitingReaders) : [];
            }
            else if (state.FullMode == BoundedChannelFullMode.Wait)
            {
                if (wait)
                {
                    var writer = state.Enqueue(state.BlockedWriters, new ChannelWaiter<T>(runContinuationsAsynchronously: true, item, token), cancellationToken);
                    result = new ValueTask(writer.Task);
                }
            }
            else
            {
                written = true;
                dropping = true;
                if (state.FullMode == BoundedChannelFullMode.DropWrite)
                {
                    dropped = item;
                    droppedToken = token;
                }
                else
                {
                    dropped = state.FullMode == BoundedChannelFullMode.DropNewest ? state.Items.TakeNewest(out droppedToken) : state.Items.TakeNext(out droppedToken);
                    state.Items.Add(item, token);
                }
            }
        }
        finally
        {
            state.Gate.Exit();
        }

        receiver?.Complete(item);
        foreach (var waiter in wokenReaders)
        {
            waiter.Complete(true);
        }

        if (dropping)
        {
            // The callback gets the dropped item: it acquires what that item's writer published.
            ChannelState<T>.Received(droppedToken!);
            state.ItemDropped?.Invoke(dropped!);
        }

        return result;
    }

    private static void Fail(ChannelWaiter<T>[] waiters, Exception closed)
    {
        foreach (var waiter in waiters)
        {
            waiter.Fail(closed);
        }
    }

    private static void Wake(ChannelWaiter<bool>[] waiters, Exception? error)
    {
        foreach (var waiter in waiters)
        {
            if (error is null)
            {
                waiter.Complete(false);
            }
            else
            {
                waiter.Fail(error);
            }
        }
    }
}
