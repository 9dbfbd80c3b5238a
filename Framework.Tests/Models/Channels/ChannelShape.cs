namespace Weft.Tests.Models.Channels;

/// <summary>Which factory of <see cref="System.Threading.Channels.Channel"/> a differential run creates its channels with.</summary>
public enum ChannelShape
{
    /// <summary><c>CreateBounded(capacity)</c>.</summary>
    BoundedByCapacity,

    /// <summary><c>CreateBounded(options, itemDropped)</c>.</summary>
    Bounded,

    /// <summary><c>CreateUnbounded(options)</c>.</summary>
    Unbounded,

    /// <summary><c>CreateUnboundedPrioritized(options)</c>, ordered by the item modulo 3 so that equal priorities occur.</summary>
    Prioritized,
}
