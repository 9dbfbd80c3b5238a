using System.Collections.Concurrent;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Time;

public sealed class TimerModelTests : IDisposable
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-timer-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_OneShotTimer_FiresOnceAtItsDueTime()
    {
        var report = Explorer.Explore(async () =>
        {
            var firings = new ConcurrentQueue<DateTimeOffset>();
            using var timer = new Timer(_ => firings.Enqueue(TimeProvider.System.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            await Task.Delay(TimeSpan.FromHours(1));
            Check.Equal(1, firings.Count, "firings");
            Check.Equal(s_epoch.AddSeconds(5), firings.Single(), "firing time");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_PeriodicTimer_FiresEveryPeriodUntilDisposed()
    {
        var report = Explorer.Explore(async () =>
        {
            var firings = new ConcurrentQueue<TimeSpan>();
            var timer = new Timer(_ => firings.Enqueue(TimeProvider.System.GetUtcNow() - s_epoch), null, 1000, 2000);
            await Task.Delay(TimeSpan.FromSeconds(6));
            timer.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(60));
            Check.Equal("00:00:01 00:00:03 00:00:05", string.Join(" ", firings), "firing times");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_TimerDisposedThroughAUsingStatement_StopsFiring()
    {
        var report = Explorer.Explore(async () =>
        {
            int firings = 0;
            using (new Timer(_ => Interlocked.Increment(ref firings), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            {
                await Task.Delay(TimeSpan.FromSeconds(2.5));
            }

            await Task.Delay(TimeSpan.FromSeconds(30));
            Check.Equal(2, Volatile.Read(ref firings), "firings");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_ChangeOnADisarmedTimer_ArmsItAndPassesTheTimerAsState()
    {
        var report = Explorer.Explore(async () =>
        {
            var fired = new TaskCompletionSource<object?>();
            var timer = new Timer(state => fired.TrySetResult(state));
            Check.That(timer.Change(5000, Timeout.Infinite), "Change on a live timer returns true");
            Check.That(ReferenceEquals(timer, await fired.Task), "the callback's state is the timer");
            Check.Equal(s_epoch.AddSeconds(5), TimeProvider.System.GetUtcNow(), "firing time");

            ITimer asInterface = timer;
            fired = new TaskCompletionSource<object?>();
            Check.That(asInterface.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan), "ITimer.Change returns true");
            await fired.Task;
            Check.Equal(s_epoch.AddSeconds(7), TimeProvider.System.GetUtcNow(), "firing time after ITimer.Change");

            timer.Dispose();
            Check.That(!timer.Change(1000, Timeout.Infinite), "Change on a disposed timer returns false");
        }, Options(iterations: 20, detectDataRaces: false)); // Continuations inlined by TrySetResult: see RaceDetectorExplorationTests.

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_OverlappingCallbacksWithALock_CountEveryCallback()
    {
        var report = Explorer.Explore(() => CountOverlappingCallbacksAsync(synchronized: true), Options());

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
    }

    [Fact]
    public void Explore_OverlappingCallbacksWithAnUnsynchronizedCounter_ReportsTheLostUpdateAndReplaysIt()
    {
        // The unsynchronized counter is also a data race, which race detection would report first; this test is about
        // the lost update that overlapping callbacks cause.
        var report = Explorer.Explore(UnsynchronizedCallbacksAsync, Options(detectDataRaces: false));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Equal("count after three callbacks was 2, expected 3.", bug.Message);
        var replay = Explorer.Replay(bug.TraceFile!, UnsynchronizedCallbacksAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_CallbackThatThrows_ReportsAnUnhandledExceptionAndReplaysIt()
    {
        var report = Explorer.Explore(ThrowingCallbackAsync, Options(iterations: 10));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Equal("System.InvalidOperationException: the callback failed", bug.Message);
        var replay = Explorer.Replay(bug.TraceFile!, ThrowingCallbackAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_AsyncCallbackAwaitingADelay_ResumesOnVirtualTime()
    {
        var report = Explorer.Explore(async () =>
        {
            var done = new TaskCompletionSource<DateTimeOffset>();
            using var timer = new Timer(async _ =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                done.TrySetResult(TimeProvider.System.GetUtcNow());
            }, null, 1000, Timeout.Infinite);
            Check.Equal(s_epoch.AddSeconds(1.5), await done.Task, "time the async callback finished");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_CheckFailingInsideACallback_ReportsAnAssertionFailure()
    {
        var report = Explorer.Explore(async () =>
        {
            using var timer = new Timer(_ => Check.That(TimeProvider.System.GetUtcNow() < s_epoch.AddSeconds(1), "the callback ran late"), null, 1000, Timeout.Infinite);
            await Task.Delay(2000);
        }, Options(iterations: 10));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Equal("the callback ran late", bug.Message);
    }

    [Fact]
    public async Task Timer_OutsideExploration_FiresInRealTime()
    {
        var fired = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = new Timer(state => fired.TrySetResult(state), "state", 0, Timeout.Infinite);

        Assert.Equal("state", await fired.Task);
        Assert.True(timer.Change(Timeout.Infinite, Timeout.Infinite));
    }

    [Fact]
    public void Create_InvalidDueTime_ThrowsArgumentOutOfRangeUnderExploration()
    {
        var report = Explorer.Explore(() =>
        {
            try
            {
                _ = new Timer(_ => { }, null, -2, Timeout.Infinite);
                Check.That(false, "a due time of -2 was accepted");
            }
            catch (ArgumentOutOfRangeException ex)
            {
                Check.Equal("dueTime", ex.ParamName, "parameter");
            }
        }, Options(iterations: 1));

        Assert.True(report.IsClean, report.ToString());
    }

    /// <summary>Three firings of a periodic timer whose callback reads a counter, waits as long as the period, then writes
    /// it back: each firing overlaps the previous callback's wait, so without the lock an update can be lost.</summary>
    private static async Task CountOverlappingCallbacksAsync(bool synchronized)
    {
        var gate = new object();
        int count = 0;
        int started = 0;
        int completed = 0;
        var threeDone = new TaskCompletionSource<int>();
        void Increment()
        {
            int read = count;
            Task.Delay(TimeSpan.FromSeconds(1)).Wait();
            count = read + 1;
        }

        using var timer = new Timer(_ =>
        {
            // Three callbacks are counted; later ones must not touch the count the third one reports.
            if (Interlocked.Increment(ref started) > 3)
            {
                return;
            }

            if (synchronized)
            {
                lock (gate)
                {
                    Increment();
                }
            }
            else
            {
                Increment();
            }

            if (Interlocked.Increment(ref completed) == 3)
            {
                threeDone.TrySetResult(count);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Check.Equal(3, await threeDone.Task, "count after three callbacks");
    }

    private static Task UnsynchronizedCallbacksAsync() => CountOverlappingCallbacksAsync(synchronized: false);

    private static async Task ThrowingCallbackAsync()
    {
        using var timer = new Timer(_ => throw new InvalidOperationException("the callback failed"), null, 1000, Timeout.Infinite);
        await Task.Delay(2000);
    }

    private ExplorationOptions Options(int iterations = 100, bool detectDataRaces = true) =>
        new() { Seed = 3, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces, DetectDataRaces = detectDataRaces };
}
