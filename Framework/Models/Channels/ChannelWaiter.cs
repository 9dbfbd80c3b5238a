namespace Weft.Models.Channels;

/// <summary>One pending operation of a channel model: a blocked <c>ReadAsync</c> or <c>WriteAsync</c>, or a waiting
/// <c>WaitToReadAsync</c> or <c>WaitToWriteAsync</c>, whose task completes when the channel wakes it.</summary>
/// <remarks>
/// <para>The task comes from a <see cref="TaskCompletionSource{TResult}"/> created in Weft.dll. The build step rewrites
/// Weft.dll with Coyote, so under exploration the task is a controlled task: awaiting it pauses the awaiting operation in
/// the scheduler, a deadlock on it is reported as one, and completing it schedules the continuation as a new controlled
/// operation.</para>
/// <para>A waiter is pending exactly while it is in its channel's queue (<see cref="IsQueued"/>). Whoever takes it out of
/// the queue, under the channel's lock, owns its completion and completes it after releasing the lock: a writer handing it
/// an item, a reader making room, <c>TryComplete</c>, or its token's cancellation.</para>
/// <para><b>Thread safety:</b> <see cref="Node"/> and the registration are guarded by the channel's lock; the completion
/// methods are called once, by the owner, outside it.</para>
/// <para><b>Happens-before:</b> completing the waiter happens-before the continuation of its task (the build step's race
/// pass hooks the channel models' task sources, awaits and tasks, as it does those of Weft's primitives).</para>
/// </remarks>
internal sealed class ChannelWaiter<TResult>
{
    private readonly TaskCompletionSource<TResult> _source;

    /// <summary>The registration with the operation's token; guarded by the channel's lock (written once, when the waiter
    /// is queued, and read by the owner after it took the waiter out of the queue).</summary>
    private CancellationTokenRegistration _registration;

    /// <summary>Creates a waiter.</summary>
    /// <param name="runContinuationsAsynchronously">Whether continuations must not run inline in the code that completes it.</param>
    /// <param name="item">For a blocked write, the item to deliver when room frees up.</param>
    /// <param name="token">For a blocked write, the item's publication token.</param>
    public ChannelWaiter(bool runContinuationsAsynchronously, TResult? item = default, object? token = null)
    {
        _source = new TaskCompletionSource<TResult>(
            runContinuationsAsynchronously ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
        Item = item;
        Token = token;
    }

    /// <summary>For a blocked write, the item it delivers; otherwise <see langword="default"/>.</summary>
    public TResult? Item { get; }

    /// <summary>For a blocked write, the publication token of its item; otherwise <see langword="null"/>.</summary>
    public object? Token { get; }

    /// <summary>The waiter's node in its channel's queue; guarded by the channel's lock.</summary>
    public LinkedListNode<ChannelWaiter<TResult>>? Node { get; set; }

    /// <summary>Whether the waiter is still in its queue, that is, pending and owned by no one; read under the channel's lock.</summary>
    public bool IsQueued => Node?.List is not null;

    /// <summary>The task the operation returned to its caller.</summary>
    public Task<TResult> Task => _source.Task;

    /// <summary>Registers <paramref name="onCanceled"/> (with this waiter as its state) with <paramref name="token"/>.</summary>
    /// <remarks>Called under the channel's lock once the waiter is queued. If the token is canceled already, the callback runs
    /// here, re-entering the lock, and takes the waiter out again: the operation then returns a canceled task, and a canceled
    /// write never delivers its item.</remarks>
    public void Register(CancellationToken token, Action<object?, CancellationToken> onCanceled)
    {
        if (token.CanBeCanceled)
        {
            _registration = token.UnsafeRegister(onCanceled, this);
        }
    }

    /// <summary>Completes the operation with <paramref name="result"/>.</summary>
    public void Complete(TResult result)
    {
        // Unregister never waits for a callback that is running: that callback finds the waiter out of its queue and stops.
        _registration.Unregister();
        _source.TrySetResult(result);
    }

    /// <summary>Fails the operation with <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        _registration.Unregister();
        _source.TrySetException(error);
    }

    /// <summary>Cancels the operation with <paramref name="token"/>.</summary>
    public void Cancel(CancellationToken token)
    {
        _registration.Unregister();
        _source.TrySetCanceled(token);
    }
}
