using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using Coyote = Microsoft.Coyote.Rewriting.Types.Collections.Concurrent;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the methods of <see cref="ConcurrentQueue{T}"/>, <see cref="ConcurrentStack{T}"/>
/// and <see cref="ConcurrentBag{T}"/>: adding an item publishes what the adder did before, to whoever takes or reads items
/// after.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects calls of the collections' methods here, both the calls Coyote's
/// rewriting made to its controlled collections and, when <c>IsRewritingConcurrentCollections</c> is off, the calls of the
/// collections themselves. Each hook performs the operation through Coyote's controlled collection, whose scheduling
/// point comes before the operation. With no detector recording the calling thread, each hook is that call and nothing
/// else.</para>
/// <para>Granularity: per collection, not per item. A task that takes one item is ordered after every add made before the
/// take, including adds of items it did not get; a race between the code before such an add and the taker is therefore
/// not reported. Calls through an interface (<see cref="IProducerConsumerCollection{T}"/>, <see cref="IEnumerable{T}"/>,
/// LINQ) are not redirected and create no edge.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> each add (<c>Enqueue</c>, <c>Push</c>, <c>PushRange</c>, <c>Add</c>) and <c>Clear</c>
/// happens-before every later operation that takes or reads items and finds some (<c>TryDequeue</c>, <c>TryPop</c>,
/// <c>TryPopRange</c>, <c>TryTake</c>, <c>TryPeek</c>), and before every later <c>Count</c>, <c>IsEmpty</c>, <c>ToArray</c>,
/// <c>CopyTo</c> and enumerated item. Taking and reading release nothing.</para>
/// </remarks>
/// <seealso cref="ConcurrentDictionaryHooks"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class ConcurrentCollectionHooks
{
    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.Enqueue"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <param name="item">The item.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.Enqueue))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.Enqueue))]
    public static void Enqueue<T>(ConcurrentQueue<T> instance, T item)
    {
        Coyote.ConcurrentQueue<T>.Enqueue(instance, item);
        Added(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.TryDequeue"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <param name="result">The item, if any.</param>
    /// <returns>Whether an item was taken.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.TryDequeue))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.TryDequeue))]
    public static bool TryDequeue<T>(ConcurrentQueue<T> instance, out T result) =>
        TookIf(instance, Coyote.ConcurrentQueue<T>.TryDequeue(instance, out result!));

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.TryPeek"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <param name="result">The item, if any.</param>
    /// <returns>Whether there was an item.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.TryPeek))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.TryPeek))]
    public static bool TryPeek<T>(ConcurrentQueue<T> instance, out T result) =>
        TookIf(instance, Coyote.ConcurrentQueue<T>.TryPeek(instance, out result!));

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.Clear"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.Clear))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.Clear))]
    public static void Clear<T>(ConcurrentQueue<T> instance)
    {
        Coyote.ConcurrentQueue<T>.Clear(instance);
        Cleared(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.Count"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <returns>The number of items.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), "get_Count")]
    [ReplacesCall(typeof(ConcurrentQueue<>), "get_Count")]
    public static int Count<T>(ConcurrentQueue<T> instance) => Read(instance, Coyote.ConcurrentQueue<T>.get_Count(instance));

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.IsEmpty"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <returns>Whether it is empty.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), "get_IsEmpty")]
    [ReplacesCall(typeof(ConcurrentQueue<>), "get_IsEmpty")]
    public static bool IsEmpty<T>(ConcurrentQueue<T> instance) => Read(instance, Coyote.ConcurrentQueue<T>.get_IsEmpty(instance));

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.ToArray"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <returns>A snapshot of the items.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.ToArray))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.ToArray))]
    public static T[] ToArray<T>(ConcurrentQueue<T> instance) => Read(instance, Coyote.ConcurrentQueue<T>.ToArray(instance));

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.CopyTo"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <param name="array">The destination.</param>
    /// <param name="index">Where in <paramref name="array"/> to start.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.CopyTo))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.CopyTo))]
    public static void CopyTo<T>(ConcurrentQueue<T> instance, T[] array, int index)
    {
        Coyote.ConcurrentQueue<T>.CopyTo(instance, array, index);
        Read(instance, true);
    }

    /// <summary>Stands in for <see cref="ConcurrentQueue{T}.GetEnumerator"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The queue.</param>
    /// <returns>The enumerator.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentQueue<>), nameof(ConcurrentQueue<>.GetEnumerator))]
    [ReplacesCall(typeof(ConcurrentQueue<>), nameof(ConcurrentQueue<>.GetEnumerator))]
    public static IEnumerator<T> GetEnumerator<T>(ConcurrentQueue<T> instance) =>
        Enumerating(instance, Coyote.ConcurrentQueue<T>.GetEnumerator(instance));

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.Push"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="item">The item.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.Push))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.Push))]
    public static void Push<T>(ConcurrentStack<T> instance, T item)
    {
        Coyote.ConcurrentStack<T>.Push(instance, item);
        Added(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.PushRange(T[])"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="items">The items.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.PushRange))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.PushRange))]
    public static void PushRange<T>(ConcurrentStack<T> instance, T[] items)
    {
        Coyote.ConcurrentStack<T>.PushRange(instance, items);
        Added(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.PushRange(T[], int, int)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="items">The items.</param>
    /// <param name="startIndex">The first item to push.</param>
    /// <param name="count">How many items to push.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.PushRange))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.PushRange))]
    public static void PushRange<T>(ConcurrentStack<T> instance, T[] items, int startIndex, int count)
    {
        Coyote.ConcurrentStack<T>.PushRange(instance, items, startIndex, count);
        Added(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.TryPop"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="result">The item, if any.</param>
    /// <returns>Whether an item was taken.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.TryPop))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.TryPop))]
    public static bool TryPop<T>(ConcurrentStack<T> instance, out T result) =>
        TookIf(instance, Coyote.ConcurrentStack<T>.TryPop(instance, out result!));

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.TryPeek"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="result">The item, if any.</param>
    /// <returns>Whether there was an item.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.TryPeek))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.TryPeek))]
    public static bool TryPeek<T>(ConcurrentStack<T> instance, out T result) =>
        TookIf(instance, Coyote.ConcurrentStack<T>.TryPeek(instance, out result!));

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.TryPopRange(T[])"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="items">Receives the items.</param>
    /// <returns>How many items were taken.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.TryPopRange))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.TryPopRange))]
    public static int TryPopRange<T>(ConcurrentStack<T> instance, T[] items)
    {
        int taken = Coyote.ConcurrentStack<T>.TryPopRange(instance, items);
        TookIf(instance, taken > 0);
        return taken;
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.TryPopRange(T[], int, int)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="items">Receives the items.</param>
    /// <param name="startIndex">Where in <paramref name="items"/> to start.</param>
    /// <param name="count">How many items to take at most.</param>
    /// <returns>How many items were taken.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.TryPopRange))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.TryPopRange))]
    public static int TryPopRange<T>(ConcurrentStack<T> instance, T[] items, int startIndex, int count)
    {
        int taken = Coyote.ConcurrentStack<T>.TryPopRange(instance, items, startIndex, count);
        TookIf(instance, taken > 0);
        return taken;
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.Clear"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.Clear))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.Clear))]
    public static void Clear<T>(ConcurrentStack<T> instance)
    {
        Coyote.ConcurrentStack<T>.Clear(instance);
        Cleared(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.Count"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <returns>The number of items.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), "get_Count")]
    [ReplacesCall(typeof(ConcurrentStack<>), "get_Count")]
    public static int Count<T>(ConcurrentStack<T> instance) => Read(instance, Coyote.ConcurrentStack<T>.get_Count(instance));

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.IsEmpty"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <returns>Whether it is empty.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), "get_IsEmpty")]
    [ReplacesCall(typeof(ConcurrentStack<>), "get_IsEmpty")]
    public static bool IsEmpty<T>(ConcurrentStack<T> instance) => Read(instance, Coyote.ConcurrentStack<T>.get_IsEmpty(instance));

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.ToArray"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <returns>A snapshot of the items.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.ToArray))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.ToArray))]
    public static T[] ToArray<T>(ConcurrentStack<T> instance) => Read(instance, Coyote.ConcurrentStack<T>.ToArray(instance));

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.CopyTo"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <param name="array">The destination.</param>
    /// <param name="index">Where in <paramref name="array"/> to start.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.CopyTo))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.CopyTo))]
    public static void CopyTo<T>(ConcurrentStack<T> instance, T[] array, int index)
    {
        Coyote.ConcurrentStack<T>.CopyTo(instance, array, index);
        Read(instance, true);
    }

    /// <summary>Stands in for <see cref="ConcurrentStack{T}.GetEnumerator"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The stack.</param>
    /// <returns>The enumerator.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentStack<>), nameof(ConcurrentStack<>.GetEnumerator))]
    [ReplacesCall(typeof(ConcurrentStack<>), nameof(ConcurrentStack<>.GetEnumerator))]
    public static IEnumerator<T> GetEnumerator<T>(ConcurrentStack<T> instance) =>
        Enumerating(instance, Coyote.ConcurrentStack<T>.GetEnumerator(instance));

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.Add"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <param name="item">The item.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.Add))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.Add))]
    public static void Add<T>(ConcurrentBag<T> instance, T item)
    {
        Coyote.ConcurrentBag<T>.Add(instance, item);
        Added(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.TryTake"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <param name="result">The item, if any.</param>
    /// <returns>Whether an item was taken.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.TryTake))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.TryTake))]
    public static bool TryTake<T>(ConcurrentBag<T> instance, out T result) =>
        TookIf(instance, Coyote.ConcurrentBag<T>.TryTake(instance, out result!));

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.TryPeek"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <param name="result">The item, if any.</param>
    /// <returns>Whether there was an item.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.TryPeek))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.TryPeek))]
    public static bool TryPeek<T>(ConcurrentBag<T> instance, out T result) =>
        TookIf(instance, Coyote.ConcurrentBag<T>.TryPeek(instance, out result!));

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.Clear"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.Clear))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.Clear))]
    public static void Clear<T>(ConcurrentBag<T> instance)
    {
        Coyote.ConcurrentBag<T>.Clear(instance);
        Cleared(instance);
    }

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.Count"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <returns>The number of items.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), "get_Count")]
    [ReplacesCall(typeof(ConcurrentBag<>), "get_Count")]
    public static int Count<T>(ConcurrentBag<T> instance) => Read(instance, Coyote.ConcurrentBag<T>.get_Count(instance));

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.IsEmpty"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <returns>Whether it is empty.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), "get_IsEmpty")]
    [ReplacesCall(typeof(ConcurrentBag<>), "get_IsEmpty")]
    public static bool IsEmpty<T>(ConcurrentBag<T> instance) => Read(instance, Coyote.ConcurrentBag<T>.get_IsEmpty(instance));

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.ToArray"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <returns>A snapshot of the items.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.ToArray))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.ToArray))]
    public static T[] ToArray<T>(ConcurrentBag<T> instance) => Read(instance, Coyote.ConcurrentBag<T>.ToArray(instance));

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.CopyTo"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <param name="array">The destination.</param>
    /// <param name="index">Where in <paramref name="array"/> to start.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.CopyTo))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.CopyTo))]
    public static void CopyTo<T>(ConcurrentBag<T> instance, T[] array, int index)
    {
        Coyote.ConcurrentBag<T>.CopyTo(instance, array, index);
        Read(instance, true);
    }

    /// <summary>Stands in for <see cref="ConcurrentBag{T}.GetEnumerator"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The bag.</param>
    /// <returns>The enumerator.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentBag<>), nameof(ConcurrentBag<>.GetEnumerator))]
    [ReplacesCall(typeof(ConcurrentBag<>), nameof(ConcurrentBag<>.GetEnumerator))]
    public static IEnumerator<T> GetEnumerator<T>(ConcurrentBag<T> instance) =>
        Enumerating(instance, Coyote.ConcurrentBag<T>.GetEnumerator(instance));

    /// <summary>Records that the calling logical task added to <paramref name="collection"/>: what it did so far
    /// happens-before whoever takes or reads items next.</summary>
    internal static void Added(object? collection)
    {
        if (collection is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Release(task, task.Owner.PointOf(collection, SyncRole.Collection));
        }
    }

    /// <summary>Records, if <paramref name="took"/>, that the calling logical task took or read an item of
    /// <paramref name="collection"/>: every add before happens-before what it does next.</summary>
    internal static bool TookIf(object? collection, bool took)
    {
        if (took && collection is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Acquire(task, task.Owner.PointOf(collection, SyncRole.Collection));
        }

        return took;
    }

    private static TResult Read<TResult>(object? collection, TResult result)
    {
        TookIf(collection, true);
        return result;
    }

    /// <summary><c>Clear</c> observes every item and removes it: it acquires and releases.</summary>
    private static void Cleared(object? collection)
    {
        TookIf(collection, true);
        Added(collection);
    }

    private static IEnumerator<T> Enumerating<T>(object? collection, IEnumerator<T> enumerator) =>
        collection is not null && RaceHooks.Current is { } task
            ? new AcquiringEnumerator<T>(enumerator, task.Owner, task.Owner.PointOf(collection, SyncRole.Collection))
            : enumerator;
}
