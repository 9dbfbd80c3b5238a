using System.Diagnostics.CodeAnalysis;

namespace Weft.Concurrency;

/// <summary>Holds the current version of a copy-on-write value, such as a configuration: readers take the current
/// snapshot without locking, writers publish a new one atomically.</summary>
/// <remarks>
/// <para><b>Readers</b> call <see cref="Current"/> once and use that snapshot for a whole operation, so they never see a
/// half-updated value or mix two versions. <b>Writers</b> never change a published value: they build a new one and
/// publish it with <see cref="Swap"/> (unconditionally), <see cref="TryReplace"/> (only if nobody published since the
/// snapshot they started from) or <see cref="Update"/> (a compare-and-swap loop that retries on conflict). Every
/// publication creates a new <see cref="Snapshot{T}"/> whose version is one more than the one it replaces, so versions
/// increase strictly in publication order and no update is lost.</para>
/// <para>The state is one reference, read with <see cref="Volatile.Read{T}(ref readonly T)"/> and written only with
/// <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/>. Writers that publish very often from many threads retry
/// often; a lock around the writers is then cheaper, while readers stay lock-free.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> each publication happens-before every <see cref="Current"/> read that returns the
/// published snapshot (release/acquire), so everything the writer did to build the value is visible to those readers.
/// It takes no lock and starts no task, and behaves the same under an exploration, where each of its atomic accesses
/// is a scheduling point: a writer can be interrupted between its read and its compare-and-swap, so both outcomes of
/// every compare-and-swap get explored.</para>
/// </remarks>
/// <typeparam name="T">The type of the value; should be immutable.</typeparam>
/// <seealso cref="Snapshot{T}"/>
public sealed class SnapshotHolder<T>
{
    /// <summary>The current snapshot; never null. Read with <see cref="Volatile.Read{T}(ref readonly T)"/>, written only
    /// with <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/>.</summary>
    private Snapshot<T> _current;

    /// <summary>Creates a holder whose current snapshot has <paramref name="initial"/> as version 0.</summary>
    /// <param name="initial">The initial value.</param>
    public SnapshotHolder(T initial) => _current = new Snapshot<T>(initial, 0);

    /// <summary>The current snapshot.</summary>
    public Snapshot<T> Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="value"/> whatever the current snapshot is.</summary>
    /// <param name="value">The new value.</param>
    /// <returns>The snapshot it replaced.</returns>
    public Snapshot<T> Swap(T value)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            var next = new Snapshot<T>(value, current.Version + 1);
            var seen = Interlocked.CompareExchange(ref _current, next, current);
            if (ReferenceEquals(seen, current))
            {
                // Won: next is published, numbered right after the snapshot it replaced.
                return current;
            }

            // Lost: another writer published in between; renumber against its snapshot and try again.
        }
    }

    /// <summary>Publishes <paramref name="value"/> only if <paramref name="expected"/> is still the current snapshot.</summary>
    /// <param name="expected">The snapshot the new value was derived from.</param>
    /// <param name="value">The new value.</param>
    /// <param name="published">The published snapshot, or <see langword="null"/> if another writer published first.</param>
    /// <returns><see langword="true"/> if <paramref name="value"/> was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/> is null.</exception>
    public bool TryReplace(Snapshot<T> expected, T value, [NotNullWhen(true)] out Snapshot<T>? published)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var next = new Snapshot<T>(value, expected.Version + 1);
        var seen = Interlocked.CompareExchange(ref _current, next, expected);

        // Won: expected was still current, and next replaced it. Lost: another writer published since expected was
        // read; nothing changed, and the caller decides whether to derive again from the new current snapshot.
        published = ReferenceEquals(seen, expected) ? next : null;
        return published is not null;
    }

    /// <summary>Publishes <c>update(current value)</c>, retrying with the newer value whenever another writer published
    /// in between.</summary>
    /// <param name="update">Computes the new value from the current one. It may run several times, once per attempt, so
    /// it must have no side effects; it must not change the value it receives.</param>
    /// <returns>The published snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    public Snapshot<T> Update(Func<T, T> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        while (true)
        {
            var current = Volatile.Read(ref _current);
            var next = new Snapshot<T>(update(current.Value), current.Version + 1);
            var seen = Interlocked.CompareExchange(ref _current, next, current);
            if (ReferenceEquals(seen, current))
            {
                // Won: nobody published between our read and the swap, so next is derived from the latest value.
                return next;
            }

            // Lost: another writer published in between; our value was derived from a stale one, so derive again.
        }
    }
}
