namespace Weft.Concurrency;

/// <summary>One published version of a value in a <see cref="SnapshotHolder{T}"/>: the value and its version number.</summary>
/// <remarks>
/// <para>Every publication creates a new snapshot object, so a reader can tell by reference (or by
/// <see cref="Version"/>) whether the value changed, and a compare-and-swap on snapshots cannot suffer from the ABA
/// problem even when the same value is published twice.</para>
/// <para><b>Thread safety:</b> immutable itself; the value is shared with every reader, so it should be immutable too
/// (copy on write: build a new value, never change a published one).</para>
/// <para><b>Happens-before:</b> creates no edge itself; see <see cref="SnapshotHolder{T}"/>.</para>
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class Snapshot<T>
{
    internal Snapshot(T value, long version)
    {
        Value = value;
        Version = version;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>The version: 0 for the holder's initial value, then one more for each publication, in publication order.</summary>
    public long Version { get; }
}
