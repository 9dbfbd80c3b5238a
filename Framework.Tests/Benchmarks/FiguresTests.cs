using Weft.Benchmarks.Reporting;

namespace Weft.Tests.Benchmarks;

public sealed class FiguresTests
{
    [Theory]
    [InlineData(1.0, "1.00×")]
    [InlineData(1.499, "1.50×")]
    [InlineData(0.123, "0.12×")]
    [InlineData(12.34, "12.3×")]
    [InlineData(1234.5, "1,235×")]
    [InlineData(double.NaN, "n/a")]
    [InlineData(double.PositiveInfinity, "n/a")]
    public void Ratio_Formats_WithTwoThreeOrFourSignificantDigits(double ratio, string expected) =>
        Assert.Equal(expected, Figures.Ratio(ratio));

    [Theory]
    [InlineData(0.5, "0.50")]
    [InlineData(36.71, "36.7")]
    [InlineData(12345.6, "12,346")]
    public void Number_Formats_InvariantWithSeparators(double value, string expected) =>
        Assert.Equal(expected, Figures.Number(value));

    [Fact]
    public void Seconds_AppendsTheUnit() => Assert.Equal("0.25 s", Figures.Seconds(0.25));

    [Theory]
    [InlineData(1.5, "within")]
    [InlineData(1.51, "over")]
    public void Verdict_ComparesWithTheLimit(double ratio, string expected) => Assert.Equal(expected, Figures.Verdict(ratio, 1.5));
}
