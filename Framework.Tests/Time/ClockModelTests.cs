using Weft.Exploration;

namespace Weft.Tests.Time;

public sealed class ClockModelTests : IDisposable
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-clock-model-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_LocalAndUniversalClockReads_FollowTheVirtualInstant()
    {
        var report = Explorer.Explore(async () =>
        {
            await Task.Delay(TimeSpan.FromMinutes(90));
            var instant = s_epoch.AddMinutes(90);
            Check.Equal(instant.UtcDateTime, DateTime.UtcNow, "DateTime.UtcNow");
            Check.Equal(DateTimeKind.Utc, DateTime.UtcNow.Kind, "DateTime.UtcNow kind");
            Check.Equal(TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, TimeZoneInfo.Local), DateTime.Now, "DateTime.Now");
            Check.Equal(DateTimeKind.Local, DateTime.Now.Kind, "DateTime.Now kind");
            Check.Equal(instant, DateTimeOffset.UtcNow, "DateTimeOffset.UtcNow");
            Check.Equal(instant, DateTimeOffset.Now, "DateTimeOffset.Now (the same instant)");
            Check.Equal(TimeZoneInfo.Local.GetUtcOffset(instant), DateTimeOffset.Now.Offset, "DateTimeOffset.Now offset");
        }, new ExplorationOptions { Seed = 19, Iterations = 5, Strategy = StrategyKind.Random, TraceDirectory = _traces });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void ClockReads_OutsideExploration_AreTheRealOnes()
    {
        // Reflection reaches the real members: the build step does not rewrite reflective calls.
        var realSystem = typeof(TimeProvider).GetProperty(nameof(TimeProvider.System))!.GetValue(null);
        var realUtcNow = (DateTime)typeof(DateTime).GetProperty(nameof(DateTime.UtcNow))!.GetValue(null)!;

        Assert.Same(realSystem, TimeProvider.System);
        Assert.InRange(DateTime.UtcNow - realUtcNow, TimeSpan.Zero, TimeSpan.FromHours(1));
        Assert.InRange(DateTimeOffset.UtcNow - realUtcNow, TimeSpan.Zero, TimeSpan.FromHours(1));
        Assert.Equal(DateTimeKind.Local, DateTime.Now.Kind);
        Assert.NotEqual(s_epoch.Year, DateTimeOffset.Now.Year);
    }
}
