using System.Collections.Concurrent;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>The happens-before edges of one <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/>
/// operation: the calling logical task, the dictionary's points and the key's point (or none, for a whole-dictionary
/// operation); all <see langword="null"/> when the calling thread is not recorded.</summary>
/// <remarks><b>Thread safety:</b> used by the one operation that made it. <b>Happens-before:</b> see
/// <see cref="ConcurrentDictionaryHooks"/>.</remarks>
/// <typeparam name="TKey">The dictionary's key type.</typeparam>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal readonly struct DictionaryKeyEdges<TKey>(LogicalTask? task, KeyedSyncPoints<TKey>? points, SyncPoint? key)
    where TKey : notnull
{
    /// <summary>Whether a detector records the calling thread.</summary>
    public bool IsRecording => task is not null;

    /// <summary>The edges of an operation on <paramref name="key"/>.</summary>
    public static DictionaryKeyEdges<TKey> Of<TValue>(ConcurrentDictionary<TKey, TValue>? dictionary, TKey key)
    {
        // A null key makes the operation throw: no edge.
        if (dictionary is null || key is null || RaceHooks.Current is not { } task)
        {
            return default;
        }

        var points = task.Owner.KeysOf(dictionary, dictionary.Comparer);
        return new DictionaryKeyEdges<TKey>(task, points, points.Of(key));
    }

    /// <summary>The edges of an operation on the whole dictionary.</summary>
    public static DictionaryKeyEdges<TKey> OfAll<TValue>(ConcurrentDictionary<TKey, TValue>? dictionary) =>
        dictionary is not null && RaceHooks.Current is { } task
            ? new DictionaryKeyEdges<TKey>(task, task.Owner.KeysOf(dictionary, dictionary.Comparer), null)
            : default;

    /// <summary>The operation observed the key (or the whole dictionary).</summary>
    public void Acquire()
    {
        if (task is not null)
        {
            task.Owner.Acquire(task, key ?? points!.All);
        }
    }

    /// <summary>The operation observed the key and, if <paramref name="added"/>, changed it.</summary>
    public void Got(bool added)
    {
        if (added)
        {
            Change();
        }
        else
        {
            Acquire();
        }
    }

    /// <summary>The operation observed and changed the key: what the calling task did so far, including the value
    /// factory the operation ran, happens-before every later operation on the key.</summary>
    public void Change()
    {
        if (task is not null)
        {
            Acquire();
            task.Owner.Release(task, key!);
            task.Owner.Release(task, points!.All);
        }
    }

    /// <summary>The operation changed every key (<c>Clear</c>).</summary>
    public void ChangeEverything()
    {
        if (task is not null)
        {
            var everything = points!.Everything();
            foreach (var point in everything)
            {
                task.Owner.Acquire(task, point);
            }

            foreach (var point in everything)
            {
                task.Owner.Release(task, point);
            }
        }
    }

    /// <summary>Wraps an update factory so that it acquires the key before it reads the current value.</summary>
    public Func<TKey, TValue, TValue> AcquiringFirst<TValue>(Func<TKey, TValue, TValue> update)
    {
        if (task is null || update is null)
        {
            return update!;
        }

        var self = this;
        return (k, current) =>
        {
            self.Acquire();
            return update(k, current);
        };
    }

    /// <summary>Wraps an update factory with an argument so that it acquires the key before it reads the current value.</summary>
    public Func<TKey, TValue, TArg, TValue> AcquiringFirst<TValue, TArg>(Func<TKey, TValue, TArg, TValue> update)
    {
        if (task is null || update is null)
        {
            return update!;
        }

        var self = this;
        return (k, current, argument) =>
        {
            self.Acquire();
            return update(k, current, argument);
        };
    }

    /// <summary>Wraps an enumerator of the dictionary so that each pair it yields acquires every change before it.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> Enumerating<TValue>(IEnumerator<KeyValuePair<TKey, TValue>> enumerator) =>
        task is null ? enumerator : new AcquiringEnumerator<KeyValuePair<TKey, TValue>>(enumerator, task.Owner, points!.All);
}
