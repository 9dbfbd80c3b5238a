using System.Diagnostics;
using Weft.Exploration;

namespace Weft.Tests.Time;

public sealed class PeriodicTimerModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-periodic-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_LoopTickingFiveTimes_SeesFivePeriodsOfVirtualTime()
    {
        var report = Explorer.Explore(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
            var stopwatch = Stopwatch.StartNew();
            for (int tick = 1; tick <= 5; tick++)
            {
                Check.That(await timer.WaitForNextTickAsync(), "the timer ticks");
                Check.Equal(TimeSpan.FromMinutes(10 * tick), stopwatch.Elapsed, $"virtual time at tick {tick}");
            }
        }, Options());

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.UncontrolledCalls);
        Assert.Equal(20, report.Iterations);
    }

    [Fact]
    public void Explore_TimerDisposedByAnotherTask_EndsTheLoop()
    {
        var report = Explorer.Explore(async () =>
        {
            var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), TimeProvider.System);
            var stopper = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3.5));
                timer.Dispose();
            });
            int ticks = 0;
            while (await timer.WaitForNextTickAsync())
            {
                ticks++;
            }

            await stopper;
            Check.Equal(3, ticks, "ticks before the timer was disposed");
            Check.Equal(TimeSpan.FromSeconds(3.5), TimeProvider.System.GetUtcNow() - new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), "time at the end");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_ConsumerSlowerThanThePeriod_SeesMissedTicksCoalesce()
    {
        var report = Explorer.Explore(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            long start = Stopwatch.GetTimestamp();
            Check.That(await timer.WaitForNextTickAsync(), "the timer ticks");
            Check.Equal(TimeSpan.Zero, Stopwatch.GetElapsedTime(start), "wait for the ticks missed while busy, coalesced into one");
            Check.That(await timer.WaitForNextTickAsync(), "the timer ticks again");
            Check.Equal(TimeSpan.FromSeconds(0.5), Stopwatch.GetElapsedTime(start), "wait for the next tick on the timer's schedule");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task PeriodicTimer_OutsideExploration_TicksInRealTime()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));

        Assert.True(await timer.WaitForNextTickAsync(TestContext.Current.CancellationToken));
    }

    private ExplorationOptions Options() =>
        new() { Seed = 5, Iterations = 20, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
