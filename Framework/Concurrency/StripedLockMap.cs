using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Weft.Concurrency;

/// <summary>A dictionary split into stripes, each guarded by its own lock, whose
/// <see cref="GetOrAdd"/> runs the factory at most once per key.</summary>
/// <remarks>
/// <para><see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/> is already lock-striped and is the
/// right choice in general. Its <c>GetOrAdd</c>, however, may run the factory more than once for one key when calls
/// race (only one result is kept); that is wrong when the factory is expensive or has effects, such as opening a
/// connection. This map runs the factory under the key's stripe lock, so for each key it runs once until the key is
/// removed. The usual alternative, <c>ConcurrentDictionary&lt;TKey, Lazy&lt;TValue&gt;&gt;</c>, gives the same guarantee
/// without blocking the stripe; prefer it when the factory is slow.</para>
/// <para><b>Factories and update functions</b> run with their key's stripe locked: keys of the same stripe wait for them,
/// keys of other stripes do not. They must be short and must not use the map. Using the stripe they run under throws
/// <see cref="InvalidOperationException"/>; using another stripe could deadlock against a factory doing the opposite
/// (the lock-order deadlock). A factory that throws adds nothing, and the next call tries again.</para>
/// <para><see cref="Count"/> locks every stripe, always in index order, so that two counts (or a future operation over
/// several stripes) can never wait for each other in a cycle.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> operations on keys of one stripe are ordered by its lock: each happens-before the next
/// on that stripe; in particular a factory's run happens-before every call that returns its value. Outside an
/// exploration it behaves the same; under an exploration its locks are controlled, so racing calls for one key or one
/// stripe can be explored in every order.</para>
/// </remarks>
/// <typeparam name="TKey">The type of the keys.</typeparam>
/// <typeparam name="TValue">The type of the values.</typeparam>
/// <seealso cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/>
public sealed class StripedLockMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Shard[] _shards;

    private readonly IEqualityComparer<TKey> _comparer;

    /// <summary>Creates an empty map.</summary>
    /// <param name="stripeCount">The number of stripes, each with its own lock, at least 1; a few times the number of
    /// cores that use the map at once.</param>
    /// <param name="comparer">Compares keys; <see langword="null"/> for the default comparer.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stripeCount"/> is less than 1.</exception>
    public StripedLockMap(int stripeCount, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripeCount, 1);
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
        _shards = new Shard[stripeCount];
        for (int i = 0; i < stripeCount; i++)
        {
            _shards[i] = new Shard(_comparer);
        }
    }

    /// <summary>The number of stripes.</summary>
    public int StripeCount => _shards.Length;

    /// <summary>The number of keys, counted with every stripe locked at once: an exact snapshot.</summary>
    /// <exception cref="InvalidOperationException">Called from a factory or update function of this map.</exception>
    public int Count
    {
        get
        {
            int entered = 0;
            try
            {
                // Always in index order: the one lock order of this map.
                for (; entered < _shards.Length; entered++)
                {
                    _shards[entered].Enter();
                }

                return _shards.Sum(shard => shard.CountWhileHeld());
            }
            finally
            {
                while (entered > 0)
                {
                    _shards[--entered].Exit();
                }
            }
        }
    }

    /// <summary>Returns the value of <paramref name="key"/>, adding <c>factory(key)</c> first if the key is absent; the
    /// factory runs at most once per key, with the key's stripe locked.</summary>
    /// <param name="key">The key.</param>
    /// <param name="factory">Creates the value of an absent key; short, and must not use the map.</param>
    /// <returns>The key's value: the existing one, or the one the factory created.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Called from a factory or update function running on the same stripe.</exception>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        return ShardOf(key).GetOrAdd(key, factory);
    }

    /// <summary>Adds <c>add(key)</c> if <paramref name="key"/> is absent, or replaces its value with
    /// <c>update(key, value)</c>, atomically, with the key's stripe locked.</summary>
    /// <param name="key">The key.</param>
    /// <param name="add">Creates the value of an absent key; short, and must not use the map.</param>
    /// <param name="update">Computes the new value from the present one; short, and must not use the map.</param>
    /// <returns>The key's new value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="add"/> or <paramref name="update"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Called from a factory or update function running on the same stripe.</exception>
    public TValue AddOrUpdate(TKey key, Func<TKey, TValue> add, Func<TKey, TValue, TValue> update)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(update);
        return ShardOf(key).AddOrUpdate(key, add, update);
    }

    /// <summary>Gets the value of <paramref name="key"/> if present.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or the default when absent.</param>
    /// <returns><see langword="true"/> if the key is present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Called from a factory or update function running on the same stripe.</exception>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ShardOf(key).TryGetValue(key, out value);
    }

    /// <summary>Removes <paramref name="key"/> if present; a later <see cref="GetOrAdd"/> runs its factory again.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value, or the default when absent.</param>
    /// <returns><see langword="true"/> if the key was present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Called from a factory or update function running on the same stripe.</exception>
    public bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ShardOf(key).TryRemove(key, out value);
    }

    private Shard ShardOf(TKey key) => _shards[(uint)_comparer.GetHashCode(key) % (uint)_shards.Length];

    /// <summary>One stripe: a lock and the part of the dictionary it guards.</summary>
    private sealed class Shard(IEqualityComparer<TKey> comparer)
    {
        /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

        /// <summary>The keys of this stripe. Guarded by <see cref="_gate"/>.</summary>
        private readonly Dictionary<TKey, TValue> _items = new(comparer);

        /// <summary>Whether a factory or update function is running on this stripe. Guarded by <see cref="_gate"/>.</summary>
        private bool _inCallback;

        public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
        {
            lock (_gate)
            {
                AssertInvariants();
                ThrowIfInCallback();
                if (_items.TryGetValue(key, out var existing))
                {
                    return existing;
                }

                var created = RunCallback(factory, key);
                _items.Add(key, created);
                return created;
            }
        }

        public TValue AddOrUpdate(TKey key, Func<TKey, TValue> add, Func<TKey, TValue, TValue> update)
        {
            lock (_gate)
            {
                AssertInvariants();
                ThrowIfInCallback();

                // One lookup for an update, and no closure: the slot stays valid while the update runs, because a
                // callback cannot change this stripe's dictionary (ThrowIfInCallback) and every other thread waits for
                // the lock. A callback that throws leaves the slot, or the dictionary, unchanged.
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_items, key);
                if (!Unsafe.IsNullRef(ref slot))
                {
                    slot = RunCallback(update, key, slot);
                    return slot;
                }

                var created = RunCallback(add, key);
                _items.Add(key, created);
                return created;
            }
        }

        public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
        {
            lock (_gate)
            {
                AssertInvariants();
                ThrowIfInCallback();
                return _items.TryGetValue(key, out value);
            }
        }

        public bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value)
        {
            lock (_gate)
            {
                AssertInvariants();
                ThrowIfInCallback();
                return _items.Remove(key, out value);
            }
        }

        /// <summary>Locks the stripe for <see cref="StripedLockMap{TKey, TValue}.Count"/>, which locks them all in order.</summary>
        public void Enter()
        {
            Monitor.Enter(_gate);
            try
            {
                AssertInvariants();
                ThrowIfInCallback();
            }
            catch
            {
                Monitor.Exit(_gate);
                throw;
            }
        }

        public void Exit() => Monitor.Exit(_gate);

        /// <summary>The number of keys; the caller holds the stripe through <see cref="Enter"/>.</summary>
        public int CountWhileHeld()
        {
            AssertInvariants();
            return _items.Count;
        }

        /// <summary>Runs a factory with the stripe locked, marking the stripe so that a call back into it fails instead of
        /// changing the dictionary under the caller.</summary>
        private TValue RunCallback(Func<TKey, TValue> callback, TKey key)
        {
            _inCallback = true;
            try
            {
                return callback(key);
            }
            finally
            {
                _inCallback = false;
            }
        }

        /// <summary>Runs an update function like <see cref="RunCallback(Func{TKey, TValue}, TKey)"/>; the present value
        /// is passed as an argument rather than captured, so that an update allocates nothing.</summary>
        private TValue RunCallback(Func<TKey, TValue, TValue> callback, TKey key, TValue current)
        {
            _inCallback = true;
            try
            {
                return callback(key, current);
            }
            finally
            {
                _inCallback = false;
            }
        }

        private void ThrowIfInCallback()
        {
            if (_inCallback)
            {
                // Only the thread running the callback can get here: everyone else waits for the lock.
                throw new InvalidOperationException("A factory or update function of a StripedLockMap used the map; it must not.");
            }
        }

        [Conditional("DEBUG")]
        private void AssertInvariants() =>
            Debug.Assert(Monitor.IsEntered(_gate), "A stripe's dictionary is read and written only with its lock held.");
    }
}
