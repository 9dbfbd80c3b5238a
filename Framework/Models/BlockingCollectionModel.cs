using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.Runtime;
using Weft.Instrumentation;

namespace Weft.Models;

/// <summary>The controlled stand-in for the blocking operations of <see cref="BlockingCollection{T}"/>: the build step
/// redirects its <c>Add</c>, <c>TryAdd</c>, <c>Take</c>, <c>TryTake</c>, <c>CompleteAdding</c>, <c>IsCompleted</c>,
/// <c>IsAddingCompleted</c> and <c>GetConsumingEnumerable</c> calls in rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="BlockingCollection{T}"/>: a <c>Take</c> on an empty collection (or an
/// <c>Add</c> to a full bounded one) blocks for real, and the test is reported as a potential hang. The items stay in the
/// real collection, which adds and takes without blocking; under exploration a taker of an empty collection pauses in the
/// scheduler until an item arrives or adding completes, and an adder to a full collection until there is room, so a wait
/// that can never end is reported as a deadlock. A timeout of 0 never waits; a finite one gives the other threads one
/// scheduling step. Argument, disposal, completion and cancellation checks are the real collection's own, and so are its
/// exceptions. Outside an exploration every call goes to the real collection.</para>
/// <para>Not modelled: the static <c>AddToAny</c>, <c>TakeFromAny</c> and their <c>Try</c> forms, and calls through an
/// interface.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="BlockingCollection{T}"/>.</para>
/// <para><b>Happens-before:</b> as for the concurrent collections (<see cref="ConcurrentCollectionHooks"/>), per collection:
/// each add and <c>CompleteAdding</c> happens-before every later take that gets an item, every consumed item of
/// <c>GetConsumingEnumerable</c>, and every observation that adding completed.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not touch its own calls of the real collection.")]
public static class BlockingCollectionModel
{
    /// <summary>Stands in for <see cref="BlockingCollection{T}.Add(T)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item.</param>
    /// <exception cref="InvalidOperationException">Adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Add<T>(BlockingCollection<T> instance, T item) => Add(instance, item, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.Add(T, CancellationToken)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the wait for room.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Add<T>(BlockingCollection<T> instance, T item, CancellationToken cancellationToken)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            instance.Add(item, cancellationToken);
            return;
        }

        AddControlled(instance, item, Timeout.Infinite, cancellationToken);
    }

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryAdd(T)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item.</param>
    /// <returns>Whether the item was added.</returns>
    /// <exception cref="InvalidOperationException">Adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryAdd<T>(BlockingCollection<T> instance, T item) => TryAdd(instance, item, 0, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryAdd(T, int)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item.</param>
    /// <param name="millisecondsTimeout">How long to wait for room, or -1 to wait for ever.</param>
    /// <returns>Whether the item was added.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="InvalidOperationException">Adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryAdd<T>(BlockingCollection<T> instance, T item, int millisecondsTimeout) => TryAdd(instance, item, millisecondsTimeout, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryAdd(T, TimeSpan)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item.</param>
    /// <param name="timeout">How long to wait for room, or -1 ms to wait for ever.</param>
    /// <returns>Whether the item was added.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="InvalidOperationException">Adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryAdd<T>(BlockingCollection<T> instance, T item, TimeSpan timeout) =>
        TryAdd(instance, item, SignalWaits.Milliseconds(timeout), default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryAdd(T, int, CancellationToken)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item.</param>
    /// <param name="millisecondsTimeout">How long to wait for room, or -1 to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait for room.</param>
    /// <returns>Whether the item was added.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryAdd<T>(BlockingCollection<T> instance, T item, int millisecondsTimeout, CancellationToken cancellationToken) =>
        SignalWaits.IsControlled(instance)
            ? AddControlled(instance, item, millisecondsTimeout, cancellationToken)
            : instance.TryAdd(item, millisecondsTimeout, cancellationToken);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.Take()"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <returns>The item taken.</returns>
    /// <exception cref="InvalidOperationException">The collection is empty and adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static T Take<T>(BlockingCollection<T> instance) => Take(instance, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.Take(CancellationToken)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="cancellationToken">Cancels the wait for an item.</param>
    /// <returns>The item taken.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The collection is empty and adding was completed.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static T Take<T>(BlockingCollection<T> instance, CancellationToken cancellationToken)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            return instance.Take(cancellationToken);
        }

        // Empty and complete: the real collection throws its own exception at once, without waiting.
        return TakeControlled(instance, out var item, Timeout.Infinite, cancellationToken) ? item : instance.Take(cancellationToken);
    }

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryTake(out T)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item taken, if any.</param>
    /// <returns>Whether an item was taken.</returns>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryTake<T>(BlockingCollection<T> instance, out T item) => TryTake(instance, out item, 0, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryTake(out T, int)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item taken, if any.</param>
    /// <param name="millisecondsTimeout">How long to wait for an item, or -1 to wait for ever.</param>
    /// <returns>Whether an item was taken.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryTake<T>(BlockingCollection<T> instance, out T item, int millisecondsTimeout) =>
        TryTake(instance, out item, millisecondsTimeout, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryTake(out T, TimeSpan)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item taken, if any.</param>
    /// <param name="timeout">How long to wait for an item, or -1 ms to wait for ever.</param>
    /// <returns>Whether an item was taken.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryTake<T>(BlockingCollection<T> instance, out T item, TimeSpan timeout) =>
        TryTake(instance, out item, SignalWaits.Milliseconds(timeout), default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.TryTake(out T, int, CancellationToken)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="item">The item taken, if any.</param>
    /// <param name="millisecondsTimeout">How long to wait for an item, or -1 to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait for an item.</param>
    /// <returns>Whether an item was taken.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool TryTake<T>(BlockingCollection<T> instance, out T item, int millisecondsTimeout, CancellationToken cancellationToken) =>
        SignalWaits.IsControlled(instance)
            ? TakeControlled(instance, out item, millisecondsTimeout, cancellationToken)
            : instance.TryTake(out item!, millisecondsTimeout, cancellationToken);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.CompleteAdding"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void CompleteAdding<T>(BlockingCollection<T> instance)
    {
        if (SignalWaits.IsControlled(instance))
        {
            ConcurrentCollectionHooks.Added(instance);
            instance.CompleteAdding();
            SchedulingPoint.Interleave();
            return;
        }

        instance.CompleteAdding();
    }

    /// <summary>Stands in for <see cref="BlockingCollection{T}.IsAddingCompleted"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <returns>Whether adding was completed.</returns>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool IsAddingCompleted<T>(BlockingCollection<T> instance) =>
        SignalWaits.IsControlled(instance) ? ConcurrentCollectionHooks.TookIf(instance, instance.IsAddingCompleted) : instance.IsAddingCompleted;

    /// <summary>Stands in for <see cref="BlockingCollection{T}.IsCompleted"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <returns>Whether adding was completed and the collection is empty.</returns>
    /// <exception cref="ObjectDisposedException">The collection was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool IsCompleted<T>(BlockingCollection<T> instance) =>
        SignalWaits.IsControlled(instance) ? ConcurrentCollectionHooks.TookIf(instance, instance.IsCompleted) : instance.IsCompleted;

    /// <summary>Stands in for <see cref="BlockingCollection{T}.GetConsumingEnumerable()"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <returns>The items, each taken when the enumeration reaches it, until the collection is empty and complete.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static IEnumerable<T> GetConsumingEnumerable<T>(BlockingCollection<T> instance) => GetConsumingEnumerable(instance, default);

    /// <summary>Stands in for <see cref="BlockingCollection{T}.GetConsumingEnumerable(CancellationToken)"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="instance">The collection.</param>
    /// <param name="cancellationToken">Cancels the wait for the next item.</param>
    /// <returns>The items, each taken when the enumeration reaches it, until the collection is empty and complete.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static IEnumerable<T> GetConsumingEnumerable<T>(BlockingCollection<T> instance, CancellationToken cancellationToken) =>
        SignalWaits.IsControlled(instance) ? Consume(instance, cancellationToken) : instance.GetConsumingEnumerable(cancellationToken);

    private static IEnumerable<T> Consume<T>(BlockingCollection<T> instance, CancellationToken cancellationToken)
    {
        while (TakeControlled(instance, out var item, Timeout.Infinite, cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>Adds under exploration: at once if there is room, else after waiting for room as the timeout allows.</summary>
    private static bool AddControlled<T>(BlockingCollection<T> instance, T item, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        SchedulingPoint.Interleave();
        while (true)
        {
            // The real collection checks disposal, completion and the token, and adds if it has room.
            if (instance.TryAdd(item, 0, cancellationToken))
            {
                ConcurrentCollectionHooks.Added(instance);
                return true;
            }

            if (millisecondsTimeout == 0)
            {
                return false;
            }

            if (millisecondsTimeout == Timeout.Infinite)
            {
                Operation.PauseUntil(() => instance.Count < instance.BoundedCapacity || instance.IsAddingCompleted || cancellationToken.IsCancellationRequested);
            }
            else
            {
                SchedulingPoint.Interleave();
                millisecondsTimeout = 0;
            }

            ThrowIfCancelled(cancellationToken);
        }
    }

    /// <summary>Takes under exploration: at once if there is an item, else after waiting for one as the timeout allows.</summary>
    /// <returns>Whether an item was taken; <see langword="false"/> also when the collection is empty and complete.</returns>
    private static bool TakeControlled<T>(BlockingCollection<T> instance, out T item, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        SchedulingPoint.Interleave();
        while (true)
        {
            // The real collection checks disposal and the token, and takes if it has an item.
            if (instance.TryTake(out item!, 0, cancellationToken))
            {
                ConcurrentCollectionHooks.TookIf(instance, true);
                return true;
            }

            if (millisecondsTimeout == 0 || ConcurrentCollectionHooks.TookIf(instance, instance.IsCompleted))
            {
                return false;
            }

            if (millisecondsTimeout == Timeout.Infinite)
            {
                Operation.PauseUntil(() => instance.Count > 0 || instance.IsAddingCompleted || cancellationToken.IsCancellationRequested);
            }
            else
            {
                SchedulingPoint.Interleave();
                millisecondsTimeout = 0;
            }

            ThrowIfCancelled(cancellationToken);
        }
    }

    private static void ThrowIfCancelled(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            CancellationHooks.ObservedCancellation(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
