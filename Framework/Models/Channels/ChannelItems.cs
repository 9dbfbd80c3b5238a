using System.Diagnostics.CodeAnalysis;

namespace Weft.Models.Channels;

/// <summary>The items a channel model holds: first in, first out, or ordered by a comparer for a prioritized channel.</summary>
/// <remarks>
/// <para>A prioritized store is a <see cref="PriorityQueue{TElement, TPriority}"/> whose priority is the item, used in the same
/// way as the BCL's prioritized channel, so that equal items come out in the same order as there.</para>
/// <para>Each item travels with the publication token of the write that made it (<see cref="ChannelModelWriter{T}"/>): the
/// writer released what it did into the token, and whoever takes, peeks at or drops the item acquires it.</para>
/// <para><b>Thread safety:</b> not thread-safe; the owning <see cref="ChannelState{T}"/> guards it with its lock.</para>
/// </remarks>
internal sealed class ChannelItems<T>
{
    /// <summary>The items, with their tokens, in arrival order, or <see langword="null"/> for a prioritized store.</summary>
    private readonly LinkedList<(T Item, object Token)>? _fifo;

    /// <summary>The items' tokens by priority (the priority is the item), or <see langword="null"/> for a first-in-first-out store.</summary>
    private readonly PriorityQueue<object, T>? _prioritized;

    private ChannelItems(LinkedList<(T Item, object Token)>? fifo, PriorityQueue<object, T>? prioritized)
    {
        _fifo = fifo;
        _prioritized = prioritized;
    }

    /// <summary>The number of items held.</summary>
    public int Count => _fifo?.Count ?? _prioritized!.Count;

    /// <summary>Creates a first-in-first-out store.</summary>
    public static ChannelItems<T> InArrivalOrder() => new(new LinkedList<(T Item, object Token)>(), null);

    /// <summary>Creates a store that hands out the smallest item first.</summary>
    /// <param name="comparer">The order; <see langword="null"/> for <see cref="Comparer{T}.Default"/>.</param>
    public static ChannelItems<T> ByPriority(IComparer<T>? comparer) => new(null, new PriorityQueue<object, T>(comparer));

    /// <summary>Adds an item with its publication token.</summary>
    public void Add(T item, object token)
    {
        if (_fifo is not null)
        {
            _fifo.AddLast((item, token));
        }
        else
        {
            _prioritized!.Enqueue(token, item);
        }
    }

    /// <summary>Removes and returns the next item to read, with its publication token.</summary>
    /// <exception cref="InvalidOperationException">The store is empty.</exception>
    public T TakeNext(out object token)
    {
        if (_prioritized is not null)
        {
            return _prioritized.TryDequeue(out token!, out T? item) ? item : throw Empty();
        }

        var first = _fifo!.First ?? throw Empty();
        _fifo.RemoveFirst();
        token = first.Value.Token;
        return first.Value.Item;
    }

    /// <summary>Removes and returns the item added last, with its publication token (for
    /// <see cref="System.Threading.Channels.BoundedChannelFullMode.DropNewest"/>).</summary>
    /// <exception cref="InvalidOperationException">The store is prioritized or empty.</exception>
    public T TakeNewest(out object token)
    {
        var fifo = _fifo ?? throw new InvalidOperationException("A prioritized store has no newest item.");
        var last = fifo.Last ?? throw Empty();
        fifo.RemoveLast();
        token = last.Value.Token;
        return last.Value.Item;
    }

    /// <summary>Returns the next item to read, with its publication token, without removing it.</summary>
    public bool TryPeekNext([MaybeNullWhen(false)] out T item, [NotNullWhen(true)] out object? token)
    {
        if (_prioritized is not null)
        {
            return _prioritized.TryPeek(out token, out item);
        }

        if (_fifo!.First is { } first)
        {
            (item, token) = first.Value;
            return true;
        }

        item = default;
        token = null;
        return false;
    }

    private static InvalidOperationException Empty() => new("The channel holds no item.");
}
