using System.Collections.Concurrent;
using Weft.Exploration;
using Weft.Reporting;
using Weft.Time;

namespace Weft.Tests.Time;

/// <summary>The semantics of virtual time, through the BCL APIs the build step redirects.</summary>
public sealed class VirtualClockTests : IDisposable
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-clock-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_EveryIteration_StartsAtTheEpochWithAFreshClock()
    {
        var providers = new ConcurrentBag<TimeProvider>();
        var report = Explorer.Explore(async () =>
        {
            Check.Equal(s_epoch, TimeProvider.System.GetUtcNow(), "virtual time at the start");
            Check.Equal(s_epoch.UtcDateTime, DateTime.UtcNow, "DateTime.UtcNow at the start");
            Check.Equal(s_epoch, DateTimeOffset.UtcNow, "DateTimeOffset.UtcNow at the start");
            Check.Equal(0L, TimeProvider.System.GetTimestamp(), "timestamp at the start");
            providers.Add(TimeProvider.System);
            await Task.Delay(TimeSpan.FromMinutes(5));
        }, Options(iterations: 5));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(5, providers.Distinct().Count());
        Assert.All(providers, p => Assert.IsType<VirtualTimeProvider>(p));
    }

    [Fact]
    public void Explore_DelaysOfOneAndTwoSecondsRacing_AlwaysCompleteInTimeOrder()
    {
        var orders = new ConcurrentBag<string>();
        var report = Explorer.Explore(async () =>
        {
            var finished = new ConcurrentQueue<string>();
            async Task WaitAsync(string name, TimeSpan delay)
            {
                await Task.Delay(delay);
                finished.Enqueue($"{name}@{TimeProvider.System.GetUtcNow() - s_epoch:g}");
            }

            // The longer delay starts first, so only time order can put the shorter one first.
            await Task.WhenAll(Task.Run(() => WaitAsync("two", TimeSpan.FromSeconds(2))), Task.Run(() => WaitAsync("one", TimeSpan.FromSeconds(1))));
            orders.Add(string.Join(" ", finished));
        }, Options());

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
        Assert.Equal(["one@0:00:01 two@0:00:02"], orders.Distinct());
    }

    [Fact]
    public void Explore_TaskThatNeverWaitsOnTime_SeesTimeStandStillUntilItBlocks()
    {
        var report = Explorer.Explore(async () =>
        {
            var sleeper = Task.Run(() => Task.Delay(TimeSpan.FromSeconds(1)));
            var busy = Task.Run(async () =>
            {
                for (int i = 0; i < 20; i++)
                {
                    await Task.Yield();
                    Check.Equal(s_epoch, TimeProvider.System.GetUtcNow(), "time while another task can still run");
                }
            });
            await Task.WhenAll(sleeper, busy);
            Check.Equal(s_epoch.AddSeconds(1), TimeProvider.System.GetUtcNow(), "time after the delay");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_BlockedForeverAfterTimersRanOut_IsReportedAsADeadlock()
    {
        var report = Explorer.Explore(BlockedAfterDelayAsync, Options(iterations: 10));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.StartsWith("Deadlock detected.", bug.Message, StringComparison.Ordinal);
        var replay = Explorer.Replay(bug.TraceFile!, BlockedAfterDelayAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_InfiniteDelayNobodyCancels_IsReportedAsADeadlock()
    {
        var report = Explorer.Explore(() => Task.Delay(Timeout.Infinite), Options(iterations: 10));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
    }

    [Fact]
    public void Explore_SynchronousWaitOnADelay_AdvancesTime()
    {
        var report = Explorer.Explore(() =>
        {
            Task.Delay(TimeSpan.FromDays(1)).Wait();
            Check.Equal(s_epoch.AddDays(1), TimeProvider.System.GetUtcNow(), "time after a blocking wait of a day");
        }, Options(iterations: 10));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_BlockedForeverAfterUsingEveryTimeModel_IsAPreciseDeadlockNotAPotentialOne()
    {
        // Coyote reports "Potential deadlock" once it saw an uncontrolled call; the models must make none.
        var report = Explorer.Explore(async () =>
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            _ = DateTime.UtcNow + (DateTimeOffset.Now - DateTimeOffset.UtcNow);
            var timer = new Timer(_ => { }, null, 10, 10);
            timer.Change(20, 20);
            using (var periodic = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
            {
                await periodic.WaitForNextTickAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            timeout.CancelAfter(50);
            await Task.Delay(100);
            timer.Dispose();
            await timer.DisposeAsync();
            stopwatch.Stop();
            await new TaskCompletionSource().Task;
        }, Options(iterations: 5));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.StartsWith("Deadlock detected.", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_PeriodicTimerNeverDisposed_ReportsTheTimerAsLeakedAndReplaysIt()
    {
        var report = Explorer.Explore(StartHeartbeatAsync, Options(iterations: 5));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.LeakedTask, bug.Kind);
        Assert.Equal(
            "1 timer was still armed when the test returned: a timer calling VirtualClockTests.StartHeartbeatAsync (lambda) every 2 s, "
            + "which keeps firing after the test is done; dispose it when its owner is done.",
            bug.Message);
        Assert.Equal(1, bug.Iteration);
        var replay = Explorer.Replay(bug.TraceFile!, StartHeartbeatAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_PeriodicTimerOfTheBclNeverDisposed_IsNamedByItsType()
    {
        // Kept reachable: PeriodicTimer's finalizer disposes a timer that nobody references any more.
        var timers = new ConcurrentQueue<PeriodicTimer>();
        var report = Explorer.Explore(async () =>
        {
            var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            timers.Enqueue(timer);
            Check.That(await timer.WaitForNextTickAsync(), "first tick");
        }, Options(iterations: 5));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.LeakedTask, bug.Kind);
        Assert.StartsWith("1 timer was still armed when the test returned: a PeriodicTimer every 250 ms,", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_PeriodicTimerWhoseCallbackIsIgnored_IsStoppedAndNotReported()
    {
        var report = Explorer.Explore(StartHeartbeatAsync, new ExplorationOptions
        {
            Seed = 11,
            Iterations = 5,
            Strategy = StrategyKind.Random,
            TraceDirectory = _traces,
            IgnoreLeakedTasksIn = [nameof(StartHeartbeatAsync)],
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(5, report.Iterations);
    }

    [Fact]
    public void Explore_OneShotTimerStillArmedWhenTheTestReturns_FiresAndIsNoLeak()
    {
        int fired = 0;
        var report = Explorer.Explore(() =>
        {
            _ = new Timer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
            return Task.CompletedTask;
        }, Options(iterations: 5));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(5, Volatile.Read(ref fired));
    }

    [Fact]
    public void Explore_PeriodicTimerNeverDisposedWithLeakDetectionOff_EndsEachIteration()
    {
        var report = Explorer.Explore(StartHeartbeatAsync, new ExplorationOptions
        {
            Seed = 11,
            Iterations = 5,
            Strategy = StrategyKind.Random,
            TraceDirectory = _traces,
            DetectLeakedTasks = false,
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(5, report.Iterations);
    }

    private static async Task StartHeartbeatAsync()
    {
        int beats = 0;
        _ = new Timer(_ => Interlocked.Increment(ref beats), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        await Task.Delay(TimeSpan.FromSeconds(5));
        Check.Equal(2, Volatile.Read(ref beats), "heartbeats in 5 s");
    }

    private static async Task BlockedAfterDelayAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await new TaskCompletionSource().Task;
    }

    private ExplorationOptions Options(int iterations = 100) =>
        new() { Seed = 11, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
