using System.Threading.Channels;
using Weft.Models.Channels;

namespace Weft.Tests.Models.Channels;

/// <summary>The channel a differential run creates twice: once from the BCL and once as Weft's model.</summary>
/// <param name="Shape">The factory.</param>
/// <param name="Capacity">The capacity of a bounded channel.</param>
/// <param name="FullMode">What a bounded channel does when full.</param>
/// <param name="AllowSynchronousContinuations">The option of that name.</param>
/// <param name="SingleReader">The option of that name (it changes the unbounded channel's behaviour).</param>
/// <param name="SingleWriter">The option of that name.</param>
/// <param name="RecordsDrops">Whether a bounded channel gets an item-dropped callback.</param>
public sealed record ChannelSetup(
    ChannelShape Shape,
    int Capacity,
    BoundedChannelFullMode FullMode,
    bool AllowSynchronousContinuations,
    bool SingleReader,
    bool SingleWriter,
    bool RecordsDrops)
{
    private static readonly IComparer<int> s_byRemainder = Comparer<int>.Create((a, b) => (a % 3).CompareTo(b % 3));

    /// <summary>Creates the BCL's channel. (Outside an exploration the build step's redirection returns the BCL's channel.)</summary>
    public Channel<int> CreateBcl(Action<int>? itemDropped) => Shape switch
    {
        ChannelShape.BoundedByCapacity => Channel.CreateBounded<int>(Capacity),
        ChannelShape.Bounded => Channel.CreateBounded(BoundedOptions(), RecordsDrops ? itemDropped : null),
        ChannelShape.Unbounded => Channel.CreateUnbounded<int>(UnboundedOptions()),
        _ => Channel.CreateUnboundedPrioritized(PrioritizedOptions()),
    };

    /// <summary>Creates Weft's model of the same channel.</summary>
    public Channel<int> CreateModel(Action<int>? itemDropped) => Shape switch
    {
        ChannelShape.BoundedByCapacity => ChannelModel<int>.Bounded(new BoundedChannelOptions(Capacity), null),
        ChannelShape.Bounded => ChannelModel<int>.Bounded(BoundedOptions(), RecordsDrops ? itemDropped : null),
        ChannelShape.Unbounded => ChannelModel<int>.Unbounded(UnboundedOptions()),
        _ => ChannelModel<int>.Prioritized(PrioritizedOptions()),
    };

    public override string ToString() => Shape switch
    {
        ChannelShape.BoundedByCapacity => $"CreateBounded({Capacity})",
        ChannelShape.Bounded => $"CreateBounded(capacity {Capacity}, {FullMode}, {Options()}, drops {(RecordsDrops ? "recorded" : "ignored")})",
        ChannelShape.Unbounded => $"CreateUnbounded({Options()})",
        _ => $"CreateUnboundedPrioritized(by item % 3, {Options()})",
    };

    private string Options() =>
        $"sync continuations {AllowSynchronousContinuations}, single reader {SingleReader}, single writer {SingleWriter}";

    private BoundedChannelOptions BoundedOptions() => new(Capacity)
    {
        FullMode = FullMode,
        AllowSynchronousContinuations = AllowSynchronousContinuations,
        SingleReader = SingleReader,
        SingleWriter = SingleWriter,
    };

    private UnboundedChannelOptions UnboundedOptions() => new()
    {
        AllowSynchronousContinuations = AllowSynchronousContinuations,
        SingleReader = SingleReader,
        SingleWriter = SingleWriter,
    };

    private UnboundedPrioritizedChannelOptions<int> PrioritizedOptions() => new()
    {
        Comparer = s_byRemainder,
        AllowSynchronousContinuations = AllowSynchronousContinuations,
        SingleReader = SingleReader,
        SingleWriter = SingleWriter,
    };
}
