using Weft.Cli;

namespace Weft.Tests.Cli;

public sealed class DurationParserTests
{
    public static TheoryData<string, TimeSpan> ValidDurations() => new()
    {
        { "250ms", TimeSpan.FromMilliseconds(250) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "1h", TimeSpan.FromHours(1) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { "2H", TimeSpan.FromHours(2) },
        { "01:02:03", new TimeSpan(1, 2, 3) },
        { "36:00:00", TimeSpan.FromHours(36) },
        { "0s", TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void TryParse_SupportedForm_ReturnsDuration(string text, TimeSpan expected)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(expected, duration);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5:00")]
    [InlineData("1d")]
    [InlineData("-1s")]
    [InlineData("00:60:00")]
    [InlineData("1 s")]
    [InlineData("1e400h")]
    public void TryParse_UnsupportedForm_ReturnsFalse(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }
}
