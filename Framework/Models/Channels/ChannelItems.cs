using System.Diagnostics.CodeAnalysis;

namespace Weft.Models.Channels;

/// <summary>The items a channel model holds: first in, first out, or ordered by a comparer for a prioritized channel.</summary>
/// <remarks>
/// <para>A prioritized store is a <see cref="PriorityQueue{TElement, TPriority}"/> whose priority is the item, used in the same
/// way as the BCL's prioritized channel, so that equal items come out in the same order as there.</para>
/// <para><b>Thread safety:</b> not thread-safe; the owning <see cref="ChannelState{T}"/> guards it with its lock.</para>
/// </remarks>
internal sealed class ChannelItems<T>
{
    /// <summary>The items in arrival order, or <see langword="null"/> for a prioritized store.</summary>
    private readonly LinkedList<T>? _fifo;

    /// <summary>The items by priority (the priority is the item), or <see langword="null"/> for a first-in-first-out store.</summary>
    private readonly PriorityQueue<bool, T>? _prioritized;

    private ChannelItems(LinkedList<T>? fifo, PriorityQueue<bool, T>? prioritized)
    {
        _fifo = fifo;
        _prioritized = prioritized;
    }

    /// <summary>The number of items held.</summary>
    public int Count => _fifo?.Count ?? _prioritized!.Count;

    /// <summary>Creates a first-in-first-out store.</summary>
    public static ChannelItems<T> InArrivalOrder() => new(new LinkedList<T>(), null);

    /// <summary>Creates a store that hands out the smallest item first.</summary>
    /// <param name="comparer">The order; <see langword="null"/> for <see cref="Comparer{T}.Default"/>.</param>
    public static ChannelItems<T> ByPriority(IComparer<T>? comparer) => new(null, new PriorityQueue<bool, T>(comparer));

    /// <summary>Adds an item.</summary>
    public void Add(T item)
    {
        if (_fifo is not null)
        {
            _fifo.AddLast(item);
        }
        else
        {
            _prioritized!.Enqueue(true, item);
        }
    }

    /// <summary>Removes and returns the next item to read.</summary>
    /// <exception cref="InvalidOperationException">The store is empty.</exception>
    public T TakeNext()
    {
        if (_prioritized is not null)
        {
            return _prioritized.TryDequeue(out _, out T? item) ? item : throw Empty();
        }

        var first = _fifo!.First ?? throw Empty();
        _fifo.RemoveFirst();
        return first.Value;
    }

    /// <summary>Removes and returns the item added last (for <see cref="System.Threading.Channels.BoundedChannelFullMode.DropNewest"/>).</summary>
    /// <exception cref="InvalidOperationException">The store is prioritized or empty.</exception>
    public T TakeNewest()
    {
        var fifo = _fifo ?? throw new InvalidOperationException("A prioritized store has no newest item.");
        var last = fifo.Last ?? throw Empty();
        fifo.RemoveLast();
        return last.Value;
    }

    /// <summary>Returns the next item to read without removing it.</summary>
    public bool TryPeekNext([MaybeNullWhen(false)] out T item)
    {
        if (_prioritized is not null)
        {
            return _prioritized.TryPeek(out _, out item);
        }

        if (_fifo!.First is { } first)
        {
            item = first.Value;
            return true;
        }

        item = default;
        return false;
    }

    private static InvalidOperationException Empty() => new("The channel holds no item.");
}
