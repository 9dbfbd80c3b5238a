using System.Collections.Concurrent;
using Weft.Exploration;
using Weft.Time;

namespace Weft.Tests.Time;

public sealed class VirtualTimeProviderTests : IDisposable
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-provider-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Current_OutsideExploration_IsTheSystemProvider()
    {
        var realSystem = typeof(TimeProvider).GetProperty(nameof(TimeProvider.System))!.GetValue(null);

        Assert.Same(realSystem, VirtualTimeProvider.Current);
    }

    [Fact]
    public void Explore_CurrentPassedExplicitly_IsTheIterationsVirtualProvider()
    {
        var report = Explorer.Explore(async () =>
        {
            var provider = VirtualTimeProvider.Current;
            Check.That(provider is VirtualTimeProvider, "Current is a VirtualTimeProvider under exploration");
            Check.That(ReferenceEquals(provider, TimeProvider.System), "TimeProvider.System is the same provider");
            await Task.Delay(TimeSpan.FromHours(2), provider);
            Check.Equal(s_epoch.AddHours(2), provider.GetUtcNow(), "time after a delay on the explicit provider");
            Check.Equal(TimeSpan.FromHours(2), ((VirtualTimeProvider)provider).Elapsed, "Elapsed");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_CreateTimer_FiresAtItsDueTimeThenEveryPeriodUntilChangedOrDisposed()
    {
        var report = Explorer.Explore(async () =>
        {
            var provider = VirtualTimeProvider.Current;
            var firings = new ConcurrentQueue<string>();
            var timer = provider.CreateTimer(state => firings.Enqueue($"{state}@{provider.GetUtcNow() - s_epoch:g}"), "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            await Task.Delay(TimeSpan.FromSeconds(6));
            Check.That(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), "Change disarms a live timer");
            await Task.Delay(TimeSpan.FromSeconds(10));
            Check.That(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan), "Change re-arms it");
            await Task.Delay(TimeSpan.FromSeconds(10));
            timer.Dispose();
            Check.That(!timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan), "Change after Dispose returns false");
            await Task.Delay(TimeSpan.FromSeconds(10));
            Check.Equal("tick@0:00:01 tick@0:00:03 tick@0:00:05 tick@0:00:17", string.Join(" ", firings), "firings");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void CreateTimer_InvalidArguments_ThrowLikeTheSystemProvider()
    {
        var provider = new VirtualClock().Provider;

        Assert.Throws<ArgumentNullException>("callback", () => provider.CreateTimer(null!, null, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>("dueTime", () => provider.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(-2), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>("period", () => provider.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromDays(60)));
    }

    [Fact]
    public void Provider_OfANewClock_StartsAtTheEpochWithStopwatchFrequency()
    {
        var provider = new VirtualClock().Provider;

        Assert.Equal(s_epoch, provider.GetUtcNow());
        Assert.Equal(0, provider.GetTimestamp());
        Assert.Equal(System.Diagnostics.Stopwatch.Frequency, provider.TimestampFrequency);
        Assert.Equal(TimeZoneInfo.Local, provider.LocalTimeZone);
    }

    private ExplorationOptions Options() =>
        new() { Seed = 23, Iterations = 10, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
