using System.Threading.Channels;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.WorkerPool;

/// <summary>Bug (unhandled-exception): the faithful port closes the jobs channel right after cancelling
/// (<c>cancel(); close(jobs)</c>), while the submitter may already be past its <c>ctx.Done()</c> check; its next write
/// then fails on the closed channel (<see cref="ChannelClosedException"/>), as a Go send on a closed channel panics.</summary>
/// <seealso cref="GoStylePool"/>
[Scenario("worker-pool/go-style-pool-closes-jobs-under-submitters",
    "A Go-style pool closes its jobs channel while the submitter can still write; the write fails on the closed channel.",
    Expected = BugKind.UnhandledException)]
public sealed class GoStylePoolClosesJobsUnderSubmitters : IScenario
{
    private int _processed;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using var shutdown = new CancellationTokenSource();
        var jobs = Channel.CreateBounded<int>(1);
        var worker = Task.Run(() => WorkAsync(jobs.Reader));
        var submitter = Task.Run(() => SubmitAsync(jobs.Writer, 3, shutdown.Token));

        shutdown.Cancel();
        jobs.Writer.Complete(); // BUG: closes the channel before the submitter is known to have stopped writing...
        await submitter; // BUG: ...which is only awaited afterwards.
        await worker;
        Check.That(Volatile.Read(ref _processed) <= 3, "no more jobs were processed than submitted");
    }

    private async Task WorkAsync(ChannelReader<int> jobs)
    {
        await foreach (int job in jobs.ReadAllAsync())
        {
            Interlocked.Increment(ref _processed);
        }
    }

    /// <summary>Go's <c>select { case &lt;-ctx.Done(): return; case jobs &lt;- j: }</c>, one job at a time.</summary>
    private static async Task SubmitAsync(ChannelWriter<int> jobs, int count, CancellationToken token)
    {
        for (int job = 0; job < count; job++)
        {
            if (token.IsCancellationRequested)
            {
                return;
            }

            await jobs.WriteAsync(job);
        }
    }
}
