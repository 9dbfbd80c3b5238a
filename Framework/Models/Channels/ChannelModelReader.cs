using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Weft.Models.Channels;

/// <summary>The reading half of a channel model.</summary>
/// <remarks>
/// <para>Same observable behaviour as the BCL's channel readers: an item is read in the order the channel keeps, reading
/// makes room for the oldest blocked write of a bounded channel (or wakes those waiting to write), and the last read
/// after <c>Complete</c> completes <see cref="Completion"/>. Under exploration every operation that can block or wake
/// another is a scheduling point, and a blocked read or wait is a task the scheduler controls.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like the BCL's readers (except that a single-reader channel allows
/// one pending read and one pending wait, as there).</para>
/// <para><b>Happens-before:</b> each write happens-before the read that receives its item; <c>TryComplete</c>
/// happens-before the read or wait that observes the channel closed, and before <see cref="Completion"/> completes.</para>
/// </remarks>
/// <seealso cref="ChannelModelWriter{T}"/>
internal sealed class ChannelModelReader<T> : ChannelReader<T>
{
    private readonly ChannelState<T> _state;

    public ChannelModelReader(ChannelState<T> state) => _state = state;

    public override Task Completion => _state.Completion.Task;

    public override bool CanCount => !_state.SingleReader;

    public override bool CanPeek => true;

    /// <exception cref="NotSupportedException">The channel is an unbounded single-reader channel, which does not count.</exception>
    public override int Count
    {
        get
        {
            if (!CanCount)
            {
                return base.Count;
            }

            var state = _state;
            state.Gate.Enter();
            try
            {
                state.AssertInvariants();
                return state.Items.Count;
            }
            finally
            {
                state.Gate.Exit();
            }
        }
    }

    public override bool TryRead([MaybeNullWhen(false)] out T item)
    {
        ChannelState<T>.Interleave();
        var state = _state;
        bool found;
        Aftermath aftermath = default;
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            found = state.Items.Count > 0;
            item = found ? Take(ref aftermath) : default;
        }
        finally
        {
            state.Gate.Exit();
        }

        Finish(aftermath);
        return found;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out T item)
    {
        var state = _state;
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            if (!state.Items.TryPeekNext(out item, out var token))
            {
                return false;
            }

            ChannelState<T>.Received(token);
            return true;
        }
        finally
        {
            state.Gate.Exit();
        }
    }

    public override ValueTask<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        ChannelState<T>.Interleave();
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<T>(Task.FromCanceled<T>(cancellationToken));
        }

        var state = _state;
        ValueTask<T> result;
        Aftermath aftermath = default;
        ChannelWaiter<T>? replaced = null;
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            if (state.Items.Count > 0)
            {
                result = new ValueTask<T>(Take(ref aftermath));
            }
            else if (state.IsDoneWriting)
            {
                result = state.ClosedRead();
            }
            else
            {
                // A single-reader channel keeps one blocked read: a new one cancels the one before, as in the BCL.
                replaced = state.SingleReader ? ChannelState<T>.TakeFirst(state.BlockedReaders) : null;
                bool runAsynchronously = state.RunContinuationsAsynchronously || (state.Capacity is not null && cancellationToken.CanBeCanceled);
                var reader = state.Enqueue(state.BlockedReaders, new ChannelWaiter<T>(runAsynchronously), cancellationToken);
                result = new ValueTask<T>(reader.Task);
            }
        }
        finally
        {
            state.Gate.Exit();
        }

        Finish(aftermath);
        replaced?.Cancel(default);
        return result;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        ChannelState<T>.Interleave();
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<bool>(Task.FromCanceled<bool>(cancellationToken));
        }

        var state = _state;
        ValueTask<bool> result;
        ChannelWaiter<bool>? replaced = null;
        state.Gate.Enter();
        try
        {
            state.AssertInvariants();
            if (state.Items.Count > 0)
            {
                result = new ValueTask<bool>(true);
            }
            else if (state.IsDoneWriting)
            {
                result = state.ClosedWait();
            }
            else
            {
                replaced = state.SingleReader ? ChannelState<T>.TakeFirst(state.WaitingReaders) : null;
                bool runAsynchronously = state.RunContinuationsAsynchronously || (state.Capacity is not null && cancellationToken.CanBeCanceled);
                var waiter = state.Enqueue(state.WaitingReaders, new ChannelWaiter<bool>(runAsynchronously), cancellationToken);
                result = new ValueTask<bool>(waiter.Task);
            }
        }
        finally
        {
            state.Gate.Exit();
        }

        replaced?.Cancel(default);
        return result;
    }

    /// <summary>Reads every item until the channel is closed, like the BCL's <see cref="ChannelReader{T}.ReadAllAsync"/>,
    /// through tasks the scheduler controls.</summary>
    public override IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) =>
        new ChannelReadAllEnumerable<T>(this, cancellationToken);

    /// <summary>Removes the next item and works out what reading it changes; call under the lock with an item present.</summary>
    private T Take(ref Aftermath aftermath)
    {
        var state = _state;
        T item = state.Items.TakeNext(out var token);
        aftermath.Token = token;
        if (state.IsDoneWriting)
        {
            // No more items can arrive: the last one out completes the channel.
            aftermath.CompleteChannel = state.Items.Count == 0;
        }
        else if (state.Capacity is not null)
        {
            // A bounded channel just got room: the oldest blocked write delivers its item; with none, wake those waiting to write.
            aftermath.PromotedWriter = ChannelState<T>.TakeFirst(state.BlockedWriters);
            if (aftermath.PromotedWriter is { } writer)
            {
                state.Items.Add(writer.Item!, writer.Token!);
            }
            else
            {
                aftermath.WokenWriters = ChannelState<T>.TakeAll(state.WaitingWriters);
            }
        }

        return item;
    }

    /// <summary>Does, outside the lock, what <see cref="Take"/> decided.</summary>
    private void Finish(Aftermath aftermath)
    {
        if (aftermath.Token is { } token)
        {
            ChannelState<T>.Received(token);
        }

        if (aftermath.CompleteChannel)
        {
            _state.FinishCompletion();
        }

        aftermath.PromotedWriter?.Complete(default!);
        foreach (var waiter in aftermath.WokenWriters ?? [])
        {
            waiter.Complete(true);
        }
    }

    /// <summary>What a read changed that must be done after releasing the lock.</summary>
    private struct Aftermath
    {
        /// <summary>The publication token of the item read, if any.</summary>
        public object? Token;

        /// <summary>Whether the read emptied a channel whose writing is done.</summary>
        public bool CompleteChannel;

        /// <summary>The blocked write whose item moved into the channel.</summary>
        public ChannelWaiter<T>? PromotedWriter;

        /// <summary>The waits for writing to wake with <see langword="true"/>.</summary>
        public ChannelWaiter<bool>[]? WokenWriters;
    }
}
