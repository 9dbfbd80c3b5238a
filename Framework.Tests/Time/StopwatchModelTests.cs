using System.Diagnostics;
using Weft.Exploration;

namespace Weft.Tests.Time;

public sealed class StopwatchModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-stopwatch-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_StopwatchStartedAndStopped_MeasuresOnlyTheVirtualTimeItRan()
    {
        var report = Explorer.Explore(async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            Check.That(stopwatch.IsRunning, "StartNew starts the stopwatch");
            await Task.Delay(TimeSpan.FromSeconds(2));
            stopwatch.Stop();
            await Task.Delay(TimeSpan.FromSeconds(5));
            Check.That(!stopwatch.IsRunning, "Stop stops the stopwatch");
            Check.Equal(TimeSpan.FromSeconds(2), stopwatch.Elapsed, "Elapsed after a stop");
            Check.Equal(2000L, stopwatch.ElapsedMilliseconds, "ElapsedMilliseconds");
            Check.Equal(2 * Stopwatch.Frequency, stopwatch.ElapsedTicks, "ElapsedTicks, in units of Stopwatch.Frequency");

            stopwatch.Start();
            await Task.Delay(TimeSpan.FromSeconds(1));
            Check.Equal(TimeSpan.FromSeconds(3), stopwatch.Elapsed, "Elapsed after a second run");

            stopwatch.Restart();
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            Check.Equal(TimeSpan.FromMilliseconds(250), stopwatch.Elapsed, "Elapsed after Restart");

            stopwatch.Reset();
            Check.That(!stopwatch.IsRunning, "Reset stops the stopwatch");
            Check.Equal(TimeSpan.Zero, stopwatch.Elapsed, "Elapsed after Reset");

            var created = new Stopwatch();
            created.Start();
            await Task.Delay(TimeSpan.FromMinutes(1));
            Check.Equal(TimeSpan.FromMinutes(1), created.Elapsed, "a stopwatch created with new and started under exploration");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_TimestampArithmetic_AgreesWithStopwatchFrequencyAndTheTimeProvider()
    {
        var report = Explorer.Explore(async () =>
        {
            long start = Stopwatch.GetTimestamp();
            long providerStart = TimeProvider.System.GetTimestamp();
            await Task.Delay(1500);
            Check.Equal(1500L, (Stopwatch.GetTimestamp() - start) * 1000 / Stopwatch.Frequency, "milliseconds from raw timestamps");
            Check.Equal(TimeSpan.FromMilliseconds(1500), Stopwatch.GetElapsedTime(start), "Stopwatch.GetElapsedTime");
            Check.Equal(TimeSpan.FromMilliseconds(1500), TimeProvider.System.GetElapsedTime(providerStart), "TimeProvider.GetElapsedTime");
            Check.Equal(start, providerStart, "the stopwatch and the provider share one timestamp");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task Stopwatch_OutsideExploration_MeasuresRealTime()
    {
        var stopwatch = Stopwatch.StartNew();
        long start = Stopwatch.GetTimestamp();

        await Task.Delay(1, TestContext.Current.CancellationToken);

        Assert.True(stopwatch.IsRunning);
        Assert.True(stopwatch.Elapsed > TimeSpan.Zero);
        Assert.True(Stopwatch.GetElapsedTime(start) > TimeSpan.Zero);
    }

    private ExplorationOptions Options() =>
        new() { Seed = 17, Iterations = 10, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
