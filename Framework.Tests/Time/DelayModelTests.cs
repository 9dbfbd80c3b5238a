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
        Assert.Empty(report.UncontrolledCalls);
        Assert.Equal(10, report.Iterations);
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(5), $"ten hour-long delays took {wall.Elapsed} of wall time");
    }

    [Fact]
    public void Explore_DelayCanceledByAnotherTask_EndsCanceledAtThatInstant()
    {
        var report = Explorer.Explore(async () =>
        {
            using var cancellation = new CancellationTokenSource();
            var canceller = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                cancellation.Cancel();
            });
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await Task.Delay(TimeSpan.FromHours(1), cancellation.Token);
                Check.That(false, "the delay completed although it was canceled");
            }
            catch (TaskCanceledException ex)
            {
                Check.That(ex.CancellationToken == cancellation.Token, "the exception carries the token");
            }

            await canceller;
            Check.Equal(TimeSpan.FromSeconds(2), stopwatch.Elapsed, "virtual time at the cancellation");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_WhenAnyOfWorkAndATimeoutDelay_PicksWhicheverIsDueFirst()
    {
        var report = Explorer.Explore(async () =>
        {
            var fast = Task.Run(async () => await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false));
            Check.That(await Task.WhenAny(fast, Task.Delay(TimeSpan.FromSeconds(5))) == fast, "work due in 1 s beats a 5 s timeout");
            var stuck = new TaskCompletionSource().Task;
            var timeout = Task.Delay(TimeSpan.FromSeconds(5));
            Check.That(await Task.WhenAny(stuck, timeout) == timeout, "a 5 s timeout ends a wait on work that never finishes");
            Check.Equal(TimeSpan.FromSeconds(6), TimeProvider.System.GetUtcNow() - new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), "virtual time at the end");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_ZeroDelayAndCanceledToken_CompleteAtOnce()
    {
        var report = Explorer.Explore(() =>
        {
            Check.That(Task.Delay(0).IsCompletedSuccessfully, "a zero delay completes at once");
            Check.That(Task.Delay(TimeSpan.Zero, TimeProvider.System).IsCompletedSuccessfully, "a zero delay on a provider completes at once");
            Check.That(Task.Delay(TimeSpan.FromDays(1), new CancellationToken(canceled: true)).IsCanceled, "a delay with a canceled token is canceled at once");
            Check.Equal(0L, TimeProvider.System.GetTimestamp(), "virtual timestamp");
        }, Options(iterations: 1));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_InvalidDelays_ThrowLikeTaskDelay()
    {
        var report = Explorer.Explore(() =>
        {
            Check.Equal("millisecondsDelay", ParameterOf(() => Task.Delay(-2)), "parameter of Delay(-2)");
            Check.Equal("delay", ParameterOf(() => Task.Delay(TimeSpan.FromDays(-1))), "parameter of Delay(-1 day)");
            Check.Equal("delay", ParameterOf(() => Task.Delay(TimeSpan.FromDays(60), TimeProvider.System)), "parameter of Delay(60 days)");
        }, Options(iterations: 1));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task Delay_OutsideExploration_CompletesLikeTaskDelay()
    {
        var token = TestContext.Current.CancellationToken;

        await Task.Delay(1, token);
        await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, token);
        await Task.Delay(TimeSpan.FromMilliseconds(1), token);

        Assert.Equal("millisecondsDelay", Assert.Throws<ArgumentOutOfRangeException>(void () => _ = Task.Delay(-2, token)).ParamName);
        Assert.True(Task.Delay(Timeout.Infinite, new CancellationToken(canceled: true)).IsCanceled);
    }

    [Fact]
    public void Delay_OnAProviderThatKeepsItsOwnTime_UsesThatProvider()
    {
        var provider = new ImmediateTimeProvider();

        var delay = Task.Delay(TimeSpan.FromHours(1), provider, TestContext.Current.CancellationToken);

        Assert.True(delay.IsCompletedSuccessfully);
        Assert.Equal(1, provider.TimersCreated);
    }

    private static string? ParameterOf(Action call)
    {
        try
        {
            call();
            return null;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return ex.ParamName;
        }
    }

    private ExplorationOptions Options(int iterations = 100) =>
        new() { Seed = 7, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };

    /// <summary>A provider whose timers fire as soon as they are created, standing in for a test's own fake clock.</summary>
    private sealed class ImmediateTimeProvider : TimeProvider
    {
        public int TimersCreated { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            callback(state);
            return new NeverTimer();
        }

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
