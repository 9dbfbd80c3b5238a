using System.Threading.Channels;
using Weft.Catalog;

namespace Weft.Scenarios.WorkerPool;

/// <summary>A C# port of the textbook Go worker pool (a jobs channel, a worker ranging over it, a submitter that stops on
/// <c>ctx.Done()</c>), with a correct shutdown: cancel, wait until the submitter can write no more, then close the jobs
/// channel and let the worker drain it.</summary>
/// <seealso cref="GoStylePoolClosesJobsUnderSubmitters"/>
[Scenario("worker-pool/go-style-pool", "A Go-style pool shuts down by cancelling, waiting for its submitter, then closing the jobs channel.")]
public sealed class GoStylePool : IScenario
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
        await submitter;
        jobs.Writer.Complete();
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
