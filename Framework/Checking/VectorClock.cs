using System.Text;
using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>A vector clock over the logical tasks of one iteration: entry <c>i</c> counts the steps of logical task
/// <c>i</c> that happen-before the clock's owner.</summary>
/// <remarks>
/// <para>Compact: the entries are one <see cref="int"/> array indexed by <see cref="LogicalTask.Id"/>, grown on demand; a
/// missing entry is 0. Logical task ids are dense (0, 1, 2, ... in creation order), so the array never has holes to
/// speak of.</para>
/// <para>Clocks are mutated in exactly one place: <see cref="SyncPoint"/> joins them (<see cref="JoinWith"/>) and
/// advances a releasing task's own entry (<see cref="Increment"/>). The race detector only reads them, and sets entries
/// of the read-shared vectors of FastTrack (<see cref="Set"/>), which are sets of epochs rather than clocks.</para>
/// <para><b>Thread safety:</b> not thread-safe; used by the controlled operations of one iteration, which the scheduler
/// runs one at a time.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class VectorClock : IEquatable<VectorClock>
{
    /// <summary>The entries; <c>_entries[i]</c> is the clock of logical task <c>i</c>. Entries past the end are 0.</summary>
    private int[] _entries;

    /// <summary>Creates the zero clock.</summary>
    public VectorClock() => _entries = [];

    private VectorClock(int[] entries) => _entries = entries;

    /// <summary>The number of entries stored; every entry at or past it is 0.</summary>
    public int Width => _entries.Length;

    /// <summary>The entry of logical task <paramref name="task"/>; 0 for a task the clock has never heard of.</summary>
    public int this[int task] => (uint)task < (uint)_entries.Length ? _entries[task] : 0;

    /// <summary>Creates a clock with the given entries (used by tests and by FastTrack's read-shared vectors).</summary>
    /// <exception cref="ArgumentException">An entry is negative.</exception>
    public static VectorClock FromEntries(params int[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Any(e => e < 0))
        {
            throw new ArgumentException("Vector clock entries cannot be negative.", nameof(entries));
        }

        return new VectorClock((int[])entries.Clone());
    }

    /// <summary>Whether this clock happens-before-or-equals <paramref name="other"/>: every entry is at most the other's.</summary>
    /// <remarks>This is the partial order of happens-before: reflexive, antisymmetric and transitive.</remarks>
    public bool HappensBefore(VectorClock other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = _entries;
        for (int i = 0; i < mine.Length; i++)
        {
            if (mine[i] > other[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the first task whose entry here is greater than in <paramref name="other"/>, or -1 if this clock
    /// happens-before <paramref name="other"/>.</summary>
    public int FirstEntryNotBefore(VectorClock other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = _entries;
        for (int i = 0; i < mine.Length; i++)
        {
            if (mine[i] > other[i])
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A copy of this clock that does not change with it.</summary>
    public VectorClock Copy() => new((int[])_entries.Clone());

    /// <summary>Sets this clock to the entry-wise maximum of itself and <paramref name="other"/>.</summary>
    /// <remarks>Only <see cref="SyncPoint"/> calls this outside tests: happens-before edges are made there and nowhere else.</remarks>
    internal void JoinWith(VectorClock other)
    {
        var theirs = other._entries;
        if (theirs.Length > _entries.Length)
        {
            Array.Resize(ref _entries, theirs.Length);
        }

        var mine = _entries;
        for (int i = 0; i < theirs.Length; i++)
        {
            if (theirs[i] > mine[i])
            {
                mine[i] = theirs[i];
            }
        }
    }

    /// <summary>Adds one to the entry of <paramref name="task"/>.</summary>
    /// <remarks>Called by <see cref="SyncPoint.Release"/>, so that what the task does after a release is not ordered
    /// before the acquires of that release, and by <see cref="LogicalTask"/> when it starts.</remarks>
    internal void Increment(int task)
    {
        Grow(task);
        _entries[task]++;
    }

    /// <summary>Sets the entry of <paramref name="task"/>; used for FastTrack's read-shared vectors, which hold one read epoch per task.</summary>
    internal void Set(int task, int value)
    {
        Grow(task);
        _entries[task] = value;
    }

    /// <inheritdoc/>
    public bool Equals(VectorClock? other)
    {
        if (other is null)
        {
            return false;
        }

        int width = Math.Max(Width, other.Width);
        for (int i = 0; i < width; i++)
        {
            if (this[i] != other[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VectorClock);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        int width = _entries.Length;
        while (width > 0 && _entries[width - 1] == 0)
        {
            width--;
        }

        for (int i = 0; i < width; i++)
        {
            hash.Add(_entries[i]);
        }

        return hash.ToHashCode();
    }

    /// <summary>The entries, e.g. <c>[3, 0, 1]</c>, for reports.</summary>
    public override string ToString()
    {
        int width = _entries.Length;
        while (width > 0 && _entries[width - 1] == 0)
        {
            width--;
        }

        var text = new StringBuilder("[");
        for (int i = 0; i < width; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(_entries[i]);
        }

        return text.Append(']').ToString();
    }

    private void Grow(int task)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        if (task >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(task + 1, _entries.Length * 2));
        }
    }
}
