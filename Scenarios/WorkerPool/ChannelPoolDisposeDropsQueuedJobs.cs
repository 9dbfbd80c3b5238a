using System.Threading.Channels;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.WorkerPool;

/// <summary>Bug (assertion-failure): a hand-written pool on a bounded channel claims to shut down gracefully, but its
/// <c>DisposeAsync</c> cancels the workers' token as well as completing the channel; a worker that comes back for the next
/// job sees the cancellation first and exits, so a job still queued when the pool is disposed was accepted but never
/// runs.</summary>
/// <seealso cref="BoundedPool"/>
/// <seealso cref="GoStylePool"/>
// Race detection is off: DisposeAsync's await of the workers resumes inline on the thread of the last worker to end, and
// an await continuation run inline is attributed to the task that completed it, a known gap of the detector (see
// RaceDetectorExplorationTests), which would falsely report the read of _accepted after the pool is disposed as racing
// with the submitters' writes, although the submitters were awaited before.
[Scenario("worker-pool/channel-pool-dispose-drops-queued-jobs", "A hand-written channel pool's dispose cancels its workers instead of draining; a queued job never runs.",
    Expected = BugKind.AssertionFailure, DetectDataRaces = false)]
public sealed class ChannelPoolDisposeDropsQueuedJobs : IScenario
{
    private const int Workers = 2;
    private readonly bool[] _accepted = new bool[4];
    private readonly int[] _runs = new int[4];
    private int _running;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await using (var pool = new HandWrittenPool(Workers, queueCapacity: 1, MakeThumbnailAsync))
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

    private async Task SubmitAsync(HandWrittenPool pool, int job, CancellationToken token)
    {
        try
        {
            await pool.SubmitAsync(job, token);
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

    /// <summary>A pool on a bounded channel of job numbers: workers run the handler on each job until the pool is disposed.</summary>
    private sealed class HandWrittenPool : IAsyncDisposable
    {
        private readonly Channel<int> _jobs;
        private readonly CancellationTokenSource _stopping = new();
        private readonly Task[] _workers;

        public HandWrittenPool(int workers, int queueCapacity, Func<int, Task> handler)
        {
            _jobs = Channel.CreateBounded<int>(queueCapacity);
            _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(handler)))];
        }

        public async Task SubmitAsync(int job, CancellationToken token) => await _jobs.Writer.WriteAsync(job, token);

        /// <summary>Shuts the pool down gracefully: no new jobs, and the workers finish.</summary>
        public async ValueTask DisposeAsync()
        {
            _jobs.Writer.Complete();
            _stopping.Cancel(); // BUG: stops the workers at their next read, before they have drained the queued jobs.
            await Task.WhenAll(_workers);
        }

        private async Task WorkAsync(Func<int, Task> handler)
        {
            try
            {
                while (true)
                {
                    int job = await _jobs.Reader.ReadAsync(_stopping.Token);
                    await handler(job);
                }
            }
            catch (ChannelClosedException)
            {
                // Completed and drained.
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }
}
