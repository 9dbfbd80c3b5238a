using System.Diagnostics;
using Weft.Exploration;

namespace Weft.Tests.Time;

public sealed class DelayModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-delay-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_HourLongDelay_TakesNoWallTimeAndExactlyOneVirtualHour()
    {
        var wall = Stopwatch.StartNew();
        var report = Explorer.Explore(async () =>
        {
            var start = TimeProvider.System.GetUtcNow();
            var stopwatch = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromHours(1));
            Check.Equal(TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow() - start, "virtual time after the delay");
            Check.Equal(TimeSpan.FromHours(1), stopwatch.Elapsed, "stopwatch after the delay");
        }, Options(iterations: 10));
        wall.Stop();

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(10, report.Iterations);
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(5), $"ten hour-long delays took {wall.Elapsed} of wall time");
    }

    private ExplorationOptions Options(int iterations = 100) =>
        new() { Seed = 7, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
