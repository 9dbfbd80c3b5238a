using FsCheck;
using FsCheck.Xunit;
using Weft.Checking;

namespace Weft.Tests.Checking;

public sealed class VectorClockTests
{
    [Property]
    public bool Join_IsCommutative(NonNegativeInt[] a, NonNegativeInt[] b) =>
        Join(Clock(a), Clock(b)).Equals(Join(Clock(b), Clock(a)));

    [Property]
    public bool Join_IsAssociative(NonNegativeInt[] a, NonNegativeInt[] b, NonNegativeInt[] c) =>
        Join(Join(Clock(a), Clock(b)), Clock(c)).Equals(Join(Clock(a), Join(Clock(b), Clock(c))));

    [Property]
    public bool Join_IsIdempotent(NonNegativeInt[] a) => Join(Clock(a), Clock(a)).Equals(Clock(a));

    [Property]
    public bool Join_IsTheLeastUpperBound(NonNegativeInt[] a, NonNegativeInt[] b, NonNegativeInt[] c)
    {
        var join = Join(Clock(a), Clock(b));
        var above = Join(join, Clock(c));

        return Clock(a).HappensBefore(join) && Clock(b).HappensBefore(join) && join.HappensBefore(above);
    }

    [Property]
    public bool HappensBefore_IsReflexive(NonNegativeInt[] a) => Clock(a).HappensBefore(Clock(a));

    [Property]
    public bool HappensBefore_IsAntisymmetric(NonNegativeInt[] a, NonNegativeInt[] b)
    {
        var x = Clock(a);
        var y = Clock(b);

        return (x.HappensBefore(y) && y.HappensBefore(x)) == x.Equals(y);
    }

    [Property]
    public bool HappensBefore_IsTransitive(NonNegativeInt[] a, NonNegativeInt[] b, NonNegativeInt[] c)
    {
        var x = Clock(a);
        var y = Join(x, Clock(b));
        var z = Join(y, Clock(c));

        return x.HappensBefore(y) && y.HappensBefore(z) && x.HappensBefore(z);
    }

    [Property]
    public bool Equals_IgnoresTrailingZeros(NonNegativeInt[] a)
    {
        var padded = Clock([.. a, NonNegativeInt.NewNonNegativeInt(0), NonNegativeInt.NewNonNegativeInt(0)]);

        return padded.Equals(Clock(a)) && padded.GetHashCode() == Clock(a).GetHashCode();
    }

    [Fact]
    public void Indexer_TaskNeverSeen_IsZero() => Assert.Equal(0, VectorClock.FromEntries(1, 2)[7]);

    [Fact]
    public void HappensBefore_ConcurrentClocks_IsFalseBothWays()
    {
        var left = VectorClock.FromEntries(2, 0);
        var right = VectorClock.FromEntries(0, 2);

        Assert.False(left.HappensBefore(right));
        Assert.False(right.HappensBefore(left));
        Assert.Equal(0, left.FirstEntryNotBefore(right));
        Assert.Equal(1, right.FirstEntryNotBefore(left));
    }

    [Fact]
    public void FromEntries_NegativeEntry_Throws() =>
        Assert.Equal("entries", Assert.Throws<ArgumentException>(() => VectorClock.FromEntries(1, -1)).ParamName);

    [Fact]
    public void ToString_ListsTheEntriesWithoutTrailingZeros() => Assert.Equal("[3, 0, 1]", VectorClock.FromEntries(3, 0, 1, 0).ToString());

    private static VectorClock Clock(NonNegativeInt[] entries) => VectorClock.FromEntries(entries.Select(e => e.Get).ToArray());

    private static VectorClock Join(VectorClock left, VectorClock right)
    {
        var result = left.Copy();
        result.JoinWith(right);
        return result;
    }
}
