using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>The synchronisation points of a keyed concurrent collection (<see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/>):
/// one per key, and one for the whole collection.</summary>
/// <remarks>
/// <para>A change to a key releases into the key's point and into <see cref="All"/>; an operation on one key acquires the
/// key's point, and an operation on the whole collection (enumeration, <c>Count</c>, <c>ToArray</c>) acquires
/// <see cref="All"/>. <see cref="Everything"/> lists every key's point, for <c>Clear</c>. Keys are compared with the
/// collection's own comparer, so the points follow the collection's idea of "the same key".</para>
/// <para>Memory: one point per distinct key used in the iteration; the detector drops it all with the iteration.</para>
/// <para><b>Thread safety:</b> safe for concurrent use; the key table is guarded by its own lock, held only while the
/// comparer looks the key up. The points themselves are changed only through <see cref="RaceDetector"/>, under its lock.</para>
/// <para><b>Happens-before:</b> a release into a key's point happens-before every later acquire of that key; a release into
/// any key happens-before every later acquire of <see cref="All"/>.</para>
/// </remarks>
/// <typeparam name="TKey">The collection's key type.</typeparam>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class KeyedSyncPoints<TKey>
    where TKey : notnull
{
    /// <summary>The point of each key used so far. Guarded by its own lock.</summary>
    private readonly Dictionary<TKey, SyncPoint> _byKey;

    /// <summary>Creates the points of a collection whose keys <paramref name="comparer"/> compares.</summary>
    public KeyedSyncPoints(IEqualityComparer<TKey>? comparer) => _byKey = new Dictionary<TKey, SyncPoint>(comparer);

    /// <summary>What every change to the collection releases into; whole-collection reads acquire it.</summary>
    public SyncPoint All { get; } = new();

    /// <summary>The point of <paramref name="key"/>, created on first use.</summary>
    public SyncPoint Of(TKey key)
    {
        lock (_byKey)
        {
            if (!_byKey.TryGetValue(key, out var point))
            {
                point = new SyncPoint();
                _byKey.Add(key, point);
            }

            return point;
        }
    }

    /// <summary>The point of every key used so far and <see cref="All"/>.</summary>
    public SyncPoint[] Everything()
    {
        lock (_byKey)
        {
            return [All, .. _byKey.Values];
        }
    }
}
