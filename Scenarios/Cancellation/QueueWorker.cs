using System.Threading.Channels;
using Weft.Catalog;

namespace Weft.Scenarios.Cancellation;

/// <summary>A background worker takes jobs from a queue until its host shuts down. On shutdown the host cancels the
/// worker's token and gives it 5 s to stop, as a .NET host does; the worker passes the token to its read, so the idle
/// worker, waiting for a job that will never come, stops at once. Runs in virtual time.</summary>
/// <seealso cref="QueueWorkerIgnoresToken"/>
[Scenario("cancellation/queue-worker", "An idle worker passes its stopping token to its read; on shutdown it stops at once.")]
public sealed class QueueWorker : IScenario
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
                await jobs.ReadAsync(stoppingToken);
                Interlocked.Increment(ref _processed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
