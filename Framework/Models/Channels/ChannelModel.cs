using System.ComponentModel;
using System.Threading.Channels;

namespace Weft.Models.Channels;

/// <summary>The controlled stand-in for <see cref="Channel"/>: the build step redirects every <c>Channel.Create*</c> call in
/// rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="System.Threading.Channels"/>: a blocked read or write completes through
/// callbacks the scheduler cannot see, so a producer blocked on a full bounded channel is reported as a deadlock on the
/// first iteration. Under exploration each method here returns a channel model instead: the same observable behaviour as
/// the BCL's channel (capacity, every <see cref="BoundedChannelFullMode"/>, the item-dropped callback, completion,
/// cancellation, peeking and counting), with every operation that can block or wake another a scheduling point, and every
/// blocked operation a task the scheduler controls, so that a real deadlock is reported as one. Outside an exploration
/// each method returns the BCL's channel.</para>
/// <para>The model is chosen when the channel is created: a channel created outside an exploration and used inside one
/// stays uncontrolled.</para>
/// <para>Known differences from the BCL: a pending operation canceled by its token throws
/// <see cref="TaskCanceledException"/> (an <see cref="OperationCanceledException"/> with that token) where the BCL throws
/// <see cref="OperationCanceledException"/> itself; a pending operation failed by <c>Complete</c> with an
/// <see cref="OperationCanceledException"/> is faulted, not canceled, and throws that exception, as in the BCL.</para>
/// <para><b>Thread safety:</b> every method is safe to call concurrently, and so is every channel it returns.</para>
/// <para><b>Happens-before:</b> under exploration, each write happens-before the read that receives its item, each read
/// that makes room happens-before the blocked write it releases, and <c>Complete</c> happens-before the reader observing
/// completion. Outside an exploration, those of the BCL's channels.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ChannelModel
{
    /// <summary>Stands in for <see cref="Channel.CreateUnbounded{T}()"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    public static Channel<T> CreateUnbounded<T>() =>
        CoyoteControl.IsControlled ? ChannelModel<T>.Unbounded(new UnboundedChannelOptions()) : Channel.CreateUnbounded<T>();

    /// <summary>Stands in for <see cref="Channel.CreateUnbounded{T}(UnboundedChannelOptions)"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="options">The options.</param>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Channel<T> CreateUnbounded<T>(UnboundedChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CoyoteControl.IsControlled ? ChannelModel<T>.Unbounded(options) : Channel.CreateUnbounded<T>(options);
    }

    /// <summary>Stands in for <see cref="Channel.CreateBounded{T}(int)"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="capacity">The most items the channel holds.</param>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static Channel<T> CreateBounded<T>(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity));
        }

        return CoyoteControl.IsControlled ? ChannelModel<T>.Bounded(new BoundedChannelOptions(capacity), null) : Channel.CreateBounded<T>(capacity);
    }

    /// <summary>Stands in for <see cref="Channel.CreateBounded{T}(BoundedChannelOptions)"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="options">The options.</param>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Channel<T> CreateBounded<T>(BoundedChannelOptions options) => CreateBounded<T>(options, null);

    /// <summary>Stands in for <see cref="Channel.CreateBounded{T}(BoundedChannelOptions, Action{T}?)"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="options">The options.</param>
    /// <param name="itemDropped">Called with each item a full channel drops; may be null.</param>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Channel<T> CreateBounded<T>(BoundedChannelOptions options, Action<T>? itemDropped)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CoyoteControl.IsControlled ? ChannelModel<T>.Bounded(options, itemDropped) : Channel.CreateBounded(options, itemDropped);
    }

    /// <summary>Stands in for <see cref="Channel.CreateUnboundedPrioritized{T}()"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    public static Channel<T> CreateUnboundedPrioritized<T>() =>
        CoyoteControl.IsControlled
            ? ChannelModel<T>.Prioritized(new UnboundedPrioritizedChannelOptions<T>())
            : Channel.CreateUnboundedPrioritized<T>();

    /// <summary>Stands in for <see cref="Channel.CreateUnboundedPrioritized{T}(UnboundedPrioritizedChannelOptions{T})"/>.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="options">The options, with the comparer that orders the items.</param>
    /// <returns>Under exploration a channel model, otherwise the BCL's channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Channel<T> CreateUnboundedPrioritized<T>(UnboundedPrioritizedChannelOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CoyoteControl.IsControlled ? ChannelModel<T>.Prioritized(options) : Channel.CreateUnboundedPrioritized(options);
    }
}
