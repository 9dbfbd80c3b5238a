using System.Threading.Channels;

namespace Weft.Models.Channels;

/// <summary>A channel model: a <see cref="Channel{T}"/> with the BCL's behaviour whose blocking operations the scheduler
/// controls.</summary>
/// <remarks>
/// <para>Created by <see cref="ChannelModel"/> under exploration, in place of the BCL's channels; tests also create it
/// directly to compare it with them.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like the BCL's channels.</para>
/// <para><b>Happens-before:</b> each write happens-before the read that receives its item; <c>Complete</c> happens-before the
/// reader observing completion.</para>
/// </remarks>
/// <seealso cref="ChannelModelReader{T}"/>
/// <seealso cref="ChannelModelWriter{T}"/>
internal sealed class ChannelModel<T> : Channel<T>
{
    private ChannelModel(ChannelState<T> state)
    {
        Reader = new ChannelModelReader<T>(state);
        Writer = new ChannelModelWriter<T>(state);
    }

    /// <summary>A bounded channel, like <see cref="Channel.CreateBounded{T}(BoundedChannelOptions, Action{T}?)"/>.</summary>
    public static ChannelModel<T> Bounded(BoundedChannelOptions options, Action<T>? itemDropped) =>
        new(new ChannelState<T>(options.Capacity, options.FullMode, !options.AllowSynchronousContinuations, itemDropped));

    /// <summary>An unbounded channel, like <see cref="Channel.CreateUnbounded{T}(UnboundedChannelOptions)"/>; with
    /// <see cref="ChannelOptions.SingleReader"/> it behaves like the BCL's single-consumer channel.</summary>
    public static ChannelModel<T> Unbounded(UnboundedChannelOptions options) =>
        new(new ChannelState<T>(ChannelItems<T>.InArrivalOrder(), options.SingleReader, !options.AllowSynchronousContinuations));

    /// <summary>An unbounded prioritized channel, like <see cref="Channel.CreateUnboundedPrioritized{T}(UnboundedPrioritizedChannelOptions{T})"/>.</summary>
    public static ChannelModel<T> Prioritized(UnboundedPrioritizedChannelOptions<T> options) =>
        new(new ChannelState<T>(ChannelItems<T>.ByPriority(options.Comparer), singleReader: false, !options.AllowSynchronousContinuations));
}
