using System.Threading.Channels;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Cancellation;

/// <summary>Bug (leaked-task): the worker checks its stopping token between jobs but does not pass it to its read; on
/// shutdown it is idle, waiting for a job that will never come, so the cancellation never reaches it. The host gives up
/// after its 5 s grace period and returns, and the worker is left waiting forever on the read. Runs in virtual time.</summary>
/// <seealso cref="QueueWorker"/>
[Scenario("cancellation/queue-worker-ignores-token", "An idle worker reads without its stopping token; on shutdown it is left waiting forever.",
    Expected = BugKind.LeakedTask)]
public sealed class QueueWorkerIgnoresToken : IScenario
{
    private int _processed;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var jobs = Channel.CreateUnbounded<int>();
        using var stopping = new CancellationTokenSource();
        var worker = Task.Run(() => WorkAsync(jobs.Reader, stopping.Token));
        jobs.Writer.TryWrite(1);
        jobs.Writer.TryWrite(2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // The application runs; the worker handles both jobs and waits for more.

        // Shutdown: signal the worker, then wait for it, for 5 s at most.
        stopping.Cancel();
        using var grace = new CancellationTokenSource();
        await Task.WhenAny(worker, Task.Delay(TimeSpan.FromSeconds(5), grace.Token));
        grace.Cancel();
        Check.Equal(2, Volatile.Read(ref _processed), "jobs processed before the shutdown");
    }

    private async Task WorkAsync(ChannelReader<int> jobs, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await jobs.ReadAsync(); // BUG: the token is checked between jobs but not passed here, where an idle worker waits.
                Interlocked.Increment(ref _processed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
