using Weft.Reporting;

namespace Weft.Tests.Reporting;

public sealed class BugKindNamesTests
{
    [Fact]
    public void All_ListsEveryKindInKebabCase() =>
        Assert.Equal(
            ["none", "assertion-failure", "unhandled-exception", "deadlock", "hang", "data-race", "leaked-task"],
            BugKindNames.All);

    [Fact]
    public void TryParse_EveryName_RoundTrips()
    {
        foreach (var kind in Enum.GetValues<BugKind>())
        {
            Assert.True(BugKindNames.TryParse(BugKindNames.Of(kind), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Fact]
    public void TryParse_UnknownName_ReturnsFalse() => Assert.False(BugKindNames.TryParse("race", out _));
}
