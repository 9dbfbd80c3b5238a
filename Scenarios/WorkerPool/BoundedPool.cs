using Weft.Catalog;

namespace Weft.Scenarios.WorkerPool;

/// <summary>Submitters push thumbnail jobs into a <see cref="Concurrency.WorkerPool"/> of two workers and a queue of one:
/// while the queue is full, submitting waits (backpressure). One submitter gives up waiting when its token is cancelled,
/// so its job is never accepted and never runs. Disposing the pool drains it: every accepted job, queued ones included,
/// runs exactly once before <c>DisposeAsync</c> returns, and no more than two jobs ever run at once.</summary>
/// <seealso cref="ChannelPoolDisposeDropsQueuedJobs"/>
/// <seealso cref="GoStylePool"/>
[Scenario("worker-pool/bounded-pool", "A WorkerPool with backpressure and a cancelled submitter drains on dispose: every accepted job runs once.")]
public sealed class BoundedPool : IScenario
{
    private const int Workers = 2;
    private readonly bool[] _accepted = new bool[4];
    private readonly int[] _runs = new int[4];
    private int _running;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await using (var pool = new Concurrency.WorkerPool(Workers, queueCapacity: 1))
        {
            using var impatient = new CancellationTokenSource();
            var submitters = new[]
            {
                Task.Run(async () =>
                {
                    for (int job = 0; job < 3; job++)
                    {
                        await SubmitAsync(pool, job, CancellationToken.None);
                    }
                }),
                Task.Run(() => SubmitAsync(pool, 3, impatient.Token)),
            };
            impatient.Cancel();
            await Task.WhenAll(submitters);
        } // Disposing drains the pool: every accepted job has run when it returns.

        for (int job = 0; job < _runs.Length; job++)
        {
            Check.Equal(_accepted[job] ? 1 : 0, Volatile.Read(ref _runs[job]), $"runs of job {job} (accepted: {_accepted[job]})");
        }
    }

    private async Task SubmitAsync(Concurrency.WorkerPool pool, int job, CancellationToken token)
    {
        try
        {
            await pool.SubmitAsync(_ => MakeThumbnailAsync(job), token);
            _accepted[job] = true;
        }
        catch (OperationCanceledException)
        {
            // Gave up waiting for room: the job was not accepted.
        }
    }

    private async Task MakeThumbnailAsync(int job)
    {
        int now = Interlocked.Increment(ref _running);
        Check.That(now <= Workers, $"{now} jobs ran at once with {Workers} workers.");
        await Task.Yield(); // The work.
        Interlocked.Decrement(ref _running);
        Interlocked.Increment(ref _runs[job]);
    }
}
