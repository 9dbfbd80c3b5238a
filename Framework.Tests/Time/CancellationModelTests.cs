using System.Diagnostics;
using Weft.Exploration;

namespace Weft.Tests.Time;

public sealed class CancellationModelTests : IDisposable
{
    private static readonly DateTimeOffset s_epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-cancellation-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_SourceWithAnHourTimeout_CancelsAfterExactlyOneVirtualHour()
    {
        var report = Explorer.Explore(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromHours(1));
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token);
                Check.That(false, "an infinite delay completed");
            }
            catch (OperationCanceledException ex)
            {
                Check.That(ex.CancellationToken == timeout.Token, "the timeout canceled the delay");
            }

            Check.Equal(TimeSpan.FromHours(1), stopwatch.Elapsed, "virtual time until the timeout");
            Check.Equal(s_epoch.AddHours(1), TimeProvider.System.GetUtcNow(), "virtual instant of the timeout");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_RetryWithExponentialBackoffAndOverallTimeout_SucceedsOnceTheServiceRecovers()
    {
        var report = Explorer.Explore(async () =>
        {
            using var overall = new CancellationTokenSource();
            overall.CancelAfter(TimeSpan.FromSeconds(10));
            bool healthy = false;
            var recovery = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                Volatile.Write(ref healthy, true);
            });
            var stopwatch = Stopwatch.StartNew();

            int attempts = await Task.Run(() => RetryAsync(() => Volatile.Read(ref healthy), overall.Token));

            await recovery;
            Check.Equal(5, attempts, "attempts (at 0, 0.1, 0.3, 0.7 and 1.5 s)");
            Check.Equal(TimeSpan.FromSeconds(1.5), stopwatch.Elapsed, "virtual time to success");
            Check.That(!overall.IsCancellationRequested, "the overall timeout has not fired");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
    }

    [Fact]
    public void Explore_RetryAgainstAServiceThatNeverRecovers_GivesUpAtTheOverallTimeout()
    {
        var report = Explorer.Explore(async () =>
        {
            using var overall = new CancellationTokenSource();
            overall.CancelAfter(10_000);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await RetryAsync(() => false, overall.Token);
                Check.That(false, "the retry loop succeeded against a dead service");
            }
            catch (OperationCanceledException)
            {
            }

            Check.Equal(TimeSpan.FromSeconds(10), stopwatch.Elapsed, "virtual time until the retry loop gave up");
        }, Options());

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_CancelAfterOnASourceWithATimeout_ReplacesTheTimeout()
    {
        var report = Explorer.Explore(async () =>
        {
            using var withTimeout = new CancellationTokenSource(TimeSpan.FromHours(1));
            withTimeout.CancelAfter(TimeSpan.FromSeconds(1));
            using var plain = new CancellationTokenSource();
            plain.CancelAfter(TimeSpan.FromSeconds(10));
            plain.CancelAfter(TimeSpan.FromSeconds(3));
            var stopwatch = Stopwatch.StartNew();

            await WhenCanceledAsync(withTimeout.Token);
            Check.Equal(TimeSpan.FromSeconds(1), stopwatch.Elapsed, "time the shortened timeout fired");
            await WhenCanceledAsync(plain.Token);
            Check.Equal(TimeSpan.FromSeconds(3), stopwatch.Elapsed, "time the re-armed CancelAfter fired");
        }, Options(iterations: 20, detectDataRaces: false)); // Register → callback is not a happens-before edge yet: see RaceDetectorExplorationTests.

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_SourceDisposedBeforeItsCancelAfter_IsNeverCanceled()
    {
        var report = Explorer.Explore(async () =>
        {
            var source = new CancellationTokenSource();
            var token = source.Token;
            source.CancelAfter(TimeSpan.FromSeconds(1));
            source.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(5));
            Check.That(!token.IsCancellationRequested, "a disposed source was canceled by its timeout");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task Source_OutsideExploration_TimesOutInRealTime()
    {
        using var withTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
        using var plain = new CancellationTokenSource();
        plain.CancelAfter(1);

        await WhenCanceledAsync(withTimeout.Token);
        await WhenCanceledAsync(plain.Token);
    }

    private static async Task<int> RetryAsync(Func<bool> attempt, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        for (int attempts = 1; ; attempts++)
        {
            if (attempt())
            {
                return attempts;
            }

            await Task.Delay(backoff, cancellationToken);
            backoff *= 2;
        }
    }

    private static Task WhenCanceledAsync(CancellationToken token)
    {
        var canceled = new TaskCompletionSource();
        token.Register(() => canceled.TrySetResult());
        return canceled.Task;
    }

    private ExplorationOptions Options(int iterations = 100, bool detectDataRaces = true) =>
        new() { Seed = 13, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces, DetectDataRaces = detectDataRaces };
}
