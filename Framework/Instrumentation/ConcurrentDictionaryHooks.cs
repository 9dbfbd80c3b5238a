using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Coyote = Microsoft.Coyote.Rewriting.Types.Collections.Concurrent;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the methods of <see cref="ConcurrentDictionary{TKey, TValue}"/>: each operation on a
/// key synchronises on that key.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects calls of the dictionary's methods here, both the calls Coyote's
/// rewriting made to its controlled dictionary and, when <c>IsRewritingConcurrentCollections</c> is off, the calls of the
/// dictionary itself. Each hook performs the operation through Coyote's controlled dictionary, whose scheduling point comes
/// before the operation. With no detector recording the calling thread, each hook is that call and nothing else.</para>
/// <para>Granularity: per key, compared with the dictionary's own comparer; whole-dictionary reads (enumeration,
/// <c>Count</c>, <c>IsEmpty</c>, <c>Keys</c>, <c>Values</c>, <c>ToArray</c>) synchronise with every change. Calls through an
/// interface (<see cref="IDictionary{TKey, TValue}"/>, <see cref="IReadOnlyDictionary{TKey, TValue}"/>, LINQ over the
/// dictionary) are not redirected and create no edge.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> an operation that changes a key (<c>TryAdd</c> that adds, the indexer's setter,
/// <c>AddOrUpdate</c>, <c>GetOrAdd</c> that adds, <c>TryUpdate</c> and <c>TryRemove</c> that succeed, <c>Clear</c>), including
/// the value factory it ran, happens-before every later operation on that key (<c>TryGetValue</c>, the indexer's getter,
/// <c>ContainsKey</c>, <c>GetOrAdd</c> that finds the value, and every change) and every later whole-dictionary read.
/// Operations that only read release nothing: two readers are not ordered with each other.</para>
/// </remarks>
/// <seealso cref="ConcurrentCollectionHooks"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class ConcurrentDictionaryHooks
{
    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <returns>The number of pairs.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), "get_Count")]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), "get_Count")]
    public static int Count<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        int count = Coyote.ConcurrentDictionary<TKey, TValue>.get_Count(instance);
        DictionaryKeyEdges<TKey>.OfAll(instance).Acquire();
        return count;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.IsEmpty"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <returns>Whether it is empty.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), "get_IsEmpty")]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), "get_IsEmpty")]
    public static bool IsEmpty<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        bool empty = Coyote.ConcurrentDictionary<TKey, TValue>.get_IsEmpty(instance);
        DictionaryKeyEdges<TKey>.OfAll(instance).Acquire();
        return empty;
    }

    /// <summary>Stands in for the getter of the indexer.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <returns>The key's value.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), "get_Item")]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), "get_Item")]
    public static TValue GetItem<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key)
        where TKey : notnull
    {
        var value = Coyote.ConcurrentDictionary<TKey, TValue>.get_Item(instance, key);
        DictionaryKeyEdges<TKey>.Of(instance, key).Acquire();
        return value;
    }

    /// <summary>Stands in for the setter of the indexer.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), "set_Item")]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), "set_Item")]
    public static void SetItem<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, TValue value)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        Coyote.ConcurrentDictionary<TKey, TValue>.set_Item(instance, key, value);
        edges.Change();
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.Keys"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <returns>A snapshot of the keys.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), "get_Keys")]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), "get_Keys")]
    public static ICollection<TKey> Keys<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        var keys = Coyote.ConcurrentDictionary<TKey, TValue>.get_Keys(instance);
        DictionaryKeyEdges<TKey>.OfAll(instance).Acquire();
        return keys;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.Values"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <returns>A snapshot of the values.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), "get_Values")]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), "get_Values")]
    public static ICollection<TValue> Values<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        var values = Coyote.ConcurrentDictionary<TKey, TValue>.get_Values(instance);
        DictionaryKeyEdges<TKey>.OfAll(instance).Acquire();
        return values;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.AddOrUpdate(TKey, Func{TKey, TValue}, Func{TKey, TValue, TValue})"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="addValueFactory">Makes the value of a new key.</param>
    /// <param name="updateValueFactory">Makes the new value of an existing key.</param>
    /// <returns>The key's new value.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.AddOrUpdate))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.AddOrUpdate))]
    public static TValue AddOrUpdate<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key,
        Func<TKey, TValue> addValueFactory, Func<TKey, TValue, TValue> updateValueFactory)
        where TKey : notnull
    {
        // The update factory reads the current value: it acquires the key each time it runs (the dictionary runs it again
        // when another task changed the key meanwhile), after the operation's scheduling point.
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        var value = Coyote.ConcurrentDictionary<TKey, TValue>.AddOrUpdate(instance, key, addValueFactory, edges.AcquiringFirst(updateValueFactory));
        edges.Change();
        return value;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.AddOrUpdate(TKey, TValue, Func{TKey, TValue, TValue})"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="addValue">The value of a new key.</param>
    /// <param name="updateValueFactory">Makes the new value of an existing key.</param>
    /// <returns>The key's new value.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.AddOrUpdate))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.AddOrUpdate))]
    public static TValue AddOrUpdate<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key,
        TValue addValue, Func<TKey, TValue, TValue> updateValueFactory)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        var value = Coyote.ConcurrentDictionary<TKey, TValue>.AddOrUpdate(instance, key, addValue, edges.AcquiringFirst(updateValueFactory));
        edges.Change();
        return value;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.AddOrUpdate{TArg}(TKey, Func{TKey, TArg, TValue}, Func{TKey, TValue, TArg, TValue}, TArg)"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TArg">The factories' argument type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="addValueFactory">Makes the value of a new key.</param>
    /// <param name="updateValueFactory">Makes the new value of an existing key.</param>
    /// <param name="factoryArgument">The factories' argument.</param>
    /// <returns>The key's new value.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.AddOrUpdate))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.AddOrUpdate))]
    public static TValue AddOrUpdate<TKey, TValue, TArg>(ConcurrentDictionary<TKey, TValue> instance, TKey key,
        Func<TKey, TArg, TValue> addValueFactory, Func<TKey, TValue, TArg, TValue> updateValueFactory, TArg factoryArgument)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        var value = Coyote.ConcurrentDictionary<TKey, TValue>.AddOrUpdate(instance, key, addValueFactory, edges.AcquiringFirst(updateValueFactory), factoryArgument);
        edges.Change();
        return value;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.Clear"/>: a change to every key.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.Clear))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.Clear))]
    public static void Clear<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        Coyote.ConcurrentDictionary<TKey, TValue>.Clear(instance);
        DictionaryKeyEdges<TKey>.OfAll(instance).ChangeEverything();
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.ContainsKey"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <returns>Whether the key is present.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.ContainsKey))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.ContainsKey))]
    public static bool ContainsKey<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key)
        where TKey : notnull
    {
        bool found = Coyote.ConcurrentDictionary<TKey, TValue>.ContainsKey(instance, key);
        DictionaryKeyEdges<TKey>.Of(instance, key).Acquire();
        return found;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.GetEnumerator"/>: each pair the enumeration
    /// yields acquires every change made before it.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <returns>The enumerator.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetEnumerator))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetEnumerator))]
    public static IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        var enumerator = Coyote.ConcurrentDictionary<TKey, TValue>.GetEnumerator(instance);
        return DictionaryKeyEdges<TKey>.OfAll(instance).Enumerating(enumerator);
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, Func{TKey, TValue})"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Makes the value of a new key.</param>
    /// <returns>The key's value: the existing one, or the one the factory made.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetOrAdd))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetOrAdd))]
    public static TValue GetOrAdd<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, Func<TKey, TValue> valueFactory)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        if (!edges.IsRecording || valueFactory is null)
        {
            return Coyote.ConcurrentDictionary<TKey, TValue>.GetOrAdd(instance, key, valueFactory!);
        }

        var factory = new RecordingFactory<TValue>();
        var value = Coyote.ConcurrentDictionary<TKey, TValue>.GetOrAdd(instance, key, k => factory.Made(valueFactory(k)));
        edges.Got(factory.IsMadeHere(value));
        return value;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, TValue)"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value of a new key.</param>
    /// <returns>The key's value: the existing one, or <paramref name="value"/>.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetOrAdd))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetOrAdd))]
    public static TValue GetOrAdd<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, TValue value)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        if (!edges.IsRecording)
        {
            return Coyote.ConcurrentDictionary<TKey, TValue>.GetOrAdd(instance, key, value);
        }

        // The controlled ContainsKey is the operation's scheduling point; nothing runs between it and the uncontrolled
        // GetOrAdd (no user code but the comparer), so it tells exactly whether this call adds the key.
        bool existed = Coyote.ConcurrentDictionary<TKey, TValue>.ContainsKey(instance, key);
        var result = instance.GetOrAdd(key, value);
        edges.Got(added: !existed);
        return result;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd{TArg}(TKey, Func{TKey, TArg, TValue}, TArg)"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <typeparam name="TArg">The factory's argument type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Makes the value of a new key.</param>
    /// <param name="factoryArgument">The factory's argument.</param>
    /// <returns>The key's value: the existing one, or the one the factory made.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetOrAdd))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.GetOrAdd))]
    public static TValue GetOrAdd<TKey, TValue, TArg>(ConcurrentDictionary<TKey, TValue> instance, TKey key,
        Func<TKey, TArg, TValue> valueFactory, TArg factoryArgument)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        if (!edges.IsRecording || valueFactory is null)
        {
            return Coyote.ConcurrentDictionary<TKey, TValue>.GetOrAdd(instance, key, valueFactory!, factoryArgument);
        }

        var factory = new RecordingFactory<TValue>();
        var value = Coyote.ConcurrentDictionary<TKey, TValue>.GetOrAdd(instance, key, (k, a) => factory.Made(valueFactory(k, a)), factoryArgument);
        edges.Got(factory.IsMadeHere(value));
        return value;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.ToArray"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <returns>A snapshot of the pairs.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.ToArray))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.ToArray))]
    public static KeyValuePair<TKey, TValue>[] ToArray<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance)
        where TKey : notnull
    {
        var pairs = Coyote.ConcurrentDictionary<TKey, TValue>.ToArray(instance);
        DictionaryKeyEdges<TKey>.OfAll(instance).Acquire();
        return pairs;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.TryAdd"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether the key was added.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryAdd))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryAdd))]
    public static bool TryAdd<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, TValue value)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        bool added = Coyote.ConcurrentDictionary<TKey, TValue>.TryAdd(instance, key, value);
        edges.Got(added);
        return added;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.TryGetValue"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The key's value, if found.</param>
    /// <returns>Whether the key was found.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryGetValue))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryGetValue))]
    public static bool TryGetValue<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, out TValue value)
        where TKey : notnull
    {
        bool found = Coyote.ConcurrentDictionary<TKey, TValue>.TryGetValue(instance, key, out value!);
        DictionaryKeyEdges<TKey>.Of(instance, key).Acquire();
        return found;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.TryRemove(TKey, out TValue)"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value, if any.</param>
    /// <returns>Whether the key was removed.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryRemove))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryRemove))]
    public static bool TryRemove<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, out TValue value)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        bool removed = Coyote.ConcurrentDictionary<TKey, TValue>.TryRemove(instance, key, out value!);
        edges.Got(removed);
        return removed;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.TryRemove(KeyValuePair{TKey, TValue})"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="item">The key and the value it must have.</param>
    /// <returns>Whether the pair was removed.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryRemove))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryRemove))]
    public static bool TryRemove<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, KeyValuePair<TKey, TValue> item)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, item.Key);
        bool removed = Coyote.ConcurrentDictionary<TKey, TValue>.TryRemove(instance, item);
        edges.Got(removed);
        return removed;
    }

    /// <summary>Stands in for <see cref="ConcurrentDictionary{TKey, TValue}.TryUpdate"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="instance">The dictionary.</param>
    /// <param name="key">The key.</param>
    /// <param name="newValue">The new value.</param>
    /// <param name="comparisonValue">The value the key must have.</param>
    /// <returns>Whether the value was replaced.</returns>
    [ReplacesCall(typeof(Coyote.ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryUpdate))]
    [ReplacesCall(typeof(ConcurrentDictionary<,>), nameof(ConcurrentDictionary<,>.TryUpdate))]
    public static bool TryUpdate<TKey, TValue>(ConcurrentDictionary<TKey, TValue> instance, TKey key, TValue newValue, TValue comparisonValue)
        where TKey : notnull
    {
        var edges = DictionaryKeyEdges<TKey>.Of(instance, key);
        bool updated = Coyote.ConcurrentDictionary<TKey, TValue>.TryUpdate(instance, key, newValue, comparisonValue);
        edges.Got(updated);
        return updated;
    }
}
