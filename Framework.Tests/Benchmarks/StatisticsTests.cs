using Weft.Benchmarks.Reporting;

namespace Weft.Tests.Benchmarks;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_OddAndEvenCounts_IsTheMiddle(double[] values, double expected) =>
        Assert.Equal(expected, Statistics.Median(values));

    [Fact]
    public void Median_NoValues_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Statistics.Median([]));

        Assert.StartsWith("The median of no values is undefined.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MedianWithMisses_FewMisses_SortsThemLast() =>
        // 10 samples: hits 1..7 and three misses; the middle ranks (5th and 6th) are hits 5 and 6.
        Assert.Equal(5.5, Statistics.MedianWithMisses([7, 1, 2, 3, 4, 5, 6], misses: 3));

    [Fact]
    public void MedianWithMisses_OddCount_IsTheMiddleHit() =>
        Assert.Equal(2.0, Statistics.MedianWithMisses([1, 2], misses: 1));

    [Theory]
    [InlineData(5, 5)]
    [InlineData(2, 3)]
    [InlineData(0, 1)]
    public void MedianWithMisses_HalfOrMoreMissed_IsNull(int hits, int misses) =>
        Assert.Null(Statistics.MedianWithMisses(Enumerable.Range(1, hits).Select(i => (double)i).ToArray(), misses));

    [Fact]
    public void GeometricMean_OfRatios_IsTheNthRootOfTheProduct() =>
        Assert.Equal(2.0, Statistics.GeometricMean([1.0, 4.0]), precision: 12);

    [Fact]
    public void GeometricMean_NonPositiveValue_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Statistics.GeometricMean([1.0, 0.0]));

        Assert.StartsWith("The geometric mean needs at least one value, and only positive ones.", error.Message, StringComparison.Ordinal);
    }
}
