using FsCheck.Xunit;
using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class WorkerPoolTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Theory]
    [InlineData(0, 1, "workerCount")]
    [InlineData(1, -1, "queueCapacity")]
    public void Constructor_InvalidSizes_ThrowArgumentOutOfRange(int workers, int capacity, string parameter) =>
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => new WorkerPool(workers, capacity));

    [Fact]
    public async Task SubmitAsync_RoomInTheQueue_CompletesAtOnceAndTheJobRuns()
    {
        await using var pool = new WorkerPool(2, 4);
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var submit = pool.SubmitAsync(_ => { ran.SetResult(); return Task.CompletedTask; }, TestContext.Current.CancellationToken);

        Assert.True(submit.IsCompletedSuccessfully);
        await ran.Task;
    }

    [Fact]
    public async Task TrySubmit_QueueFull_ReturnsFalseAndTheJobNeverRuns()
    {
        var pool = new WorkerPool(1, 1);
        var (busy, started, release) = BlockingJob();
        await pool.SubmitAsync(busy, TestContext.Current.CancellationToken);
        await started;
        bool lateRan = false;

        Assert.True(pool.TrySubmit(_ => Task.CompletedTask));
        Assert.False(pool.TrySubmit(_ => { lateRan = true; return Task.CompletedTask; }));

        release();
        await pool.CompleteAsync();
        Assert.False(lateRan);
    }

    [Fact]
    public async Task SubmitAsync_QueueFull_WaitsUntilAWorkerTakesAJob()
    {
        var pool = new WorkerPool(1, 1);
        var (busy, started, release) = BlockingJob();
        await pool.SubmitAsync(busy, TestContext.Current.CancellationToken);
        await started;
        await pool.SubmitAsync(_ => Task.CompletedTask, TestContext.Current.CancellationToken);
        int ran = 0;

        var waiting = pool.SubmitAsync(_ => { Interlocked.Increment(ref ran); return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, pool.QueuedCount);
        release();

        await waiting;
        await pool.CompleteAsync();
        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task SubmitAsync_CancelledWhileWaitingForRoom_FailsAndTheJobNeverRuns()
    {
        var pool = new WorkerPool(1, 0);
        var (busy, started, release) = BlockingJob();
        await pool.SubmitAsync(busy, TestContext.Current.CancellationToken);
        await started;
        using var cancellation = new CancellationTokenSource();
        bool ran = false;
        var waiting = pool.SubmitAsync(_ => { ran = true; return Task.CompletedTask; }, cancellation.Token);

        cancellation.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        release();
        await pool.CompleteAsync();
        Assert.False(ran);
    }

    [Fact]
    public async Task SubmitAsync_TokenAlreadyCancelled_FailsWithoutAcceptingTheJob()
    {
        await using var pool = new WorkerPool(1, 1);

        var submit = pool.SubmitAsync(_ => Task.CompletedTask, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => submit);
        Assert.Equal(0, pool.QueuedCount);
    }

    [Fact]
    public async Task SubmitAsync_AfterCompleteAsync_FailsWithInvalidOperation()
    {
        var pool = new WorkerPool(1, 1);
        await pool.CompleteAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pool.SubmitAsync(_ => Task.CompletedTask, TestContext.Current.CancellationToken));

        Assert.Equal("The pool no longer accepts jobs: it is draining or stopping.", error.Message);
        Assert.False(pool.TrySubmit(_ => Task.CompletedTask));
    }

    [Fact]
    public async Task CompleteAsync_SubmitterWaitingForRoom_IsRejectedAndQueuedJobsStillRun()
    {
        var pool = new WorkerPool(1, 1);
        var (busy, started, release) = BlockingJob();
        await pool.SubmitAsync(busy, TestContext.Current.CancellationToken);
        await started;
        bool queuedRan = false, rejectedRan = false;
        await pool.SubmitAsync(_ => { queuedRan = true; return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        var waiting = pool.SubmitAsync(_ => { rejectedRan = true; return Task.CompletedTask; }, TestContext.Current.CancellationToken);

        var completion = pool.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
        Assert.False(completion.IsCompleted);
        release();
        await completion;
        Assert.True(queuedRan);
        Assert.False(rejectedRan);
    }

    [Fact]
    public async Task StopAsync_BusyPool_CancelsRunningJobsDropsQueuedOnesAndReturnsThem()
    {
        var pool = new WorkerPool(1, 2);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool sawCancellation = false;
        await pool.SubmitAsync(async token =>
        {
            started.SetResult();
            await TokenSignals.WhenCancelledAsync(token);
            sawCancellation = true;
            token.ThrowIfCancellationRequested();
        }, TestContext.Current.CancellationToken);
        await started.Task;
        Func<CancellationToken, Task> first = _ => Task.CompletedTask, second = _ => Task.CompletedTask;
        await pool.SubmitAsync(first, TestContext.Current.CancellationToken);
        await pool.SubmitAsync(second, TestContext.Current.CancellationToken);

        var dropped = await pool.StopAsync();

        Assert.Equal([first, second], dropped);
        Assert.True(sawCancellation);
        Assert.True(pool.Completion.IsCompletedSuccessfully, "a job cancelled by the stop is not a failure");
        Assert.Empty(await pool.StopAsync());
    }

    [Fact]
    public async Task StopAsync_WhileDraining_DropsWhatIsStillQueued()
    {
        var pool = new WorkerPool(1, 1);
        var (busy, started, release) = BlockingJob();
        await pool.SubmitAsync(busy, TestContext.Current.CancellationToken);
        await started;
        Func<CancellationToken, Task> queued = _ => Task.CompletedTask;
        await pool.SubmitAsync(queued, TestContext.Current.CancellationToken);
        var completion = pool.CompleteAsync();

        var stopping = pool.StopAsync();
        release();

        Assert.Equal([queued], await stopping);
        await completion;
    }

    [Fact]
    public async Task Completion_JobThrows_FaultsWithItsExceptionAndTheOtherJobsStillRun()
    {
        var pool = new WorkerPool(1, 4);
        var failure = new InvalidOperationException("job 1 failed");
        int ran = 0;
        await pool.SubmitAsync(_ => throw failure, TestContext.Current.CancellationToken);
        await pool.SubmitAsync(_ => { Interlocked.Increment(ref ran); return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        await pool.SubmitAsync(async _ => { await Task.Yield(); throw new FormatException("job 3 failed"); }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(pool.CompleteAsync);

        Assert.Same(failure, error);
        Assert.Equal(1, ran);
        Assert.Equal(["job 1 failed", "job 3 failed"], pool.Completion.Exception!.InnerExceptions.Select(e => e.Message));
    }

    [Fact]
    public async Task Completion_JobReturnsNullTask_FaultsWithInvalidOperation()
    {
        var pool = new WorkerPool(1, 1);
        await pool.SubmitAsync(_ => null!, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(pool.CompleteAsync);

        Assert.Equal("The job returned a null task.", error.Message);
    }

    [Fact]
    public async Task DisposeAsync_BusyPoolWithAFailedJob_FinishesEveryAcceptedJobAndDoesNotThrow()
    {
        var pool = new WorkerPool(2, 4);
        int ran = 0;
        await pool.SubmitAsync(_ => throw new InvalidOperationException("failed"), TestContext.Current.CancellationToken);
        for (int i = 0; i < 4; i++)
        {
            await pool.SubmitAsync(async _ => { await Task.Yield(); Interlocked.Increment(ref ran); }, TestContext.Current.CancellationToken);
        }

        await pool.DisposeAsync();

        Assert.Equal(4, ran);
        Assert.True(pool.Completion.IsFaulted);
        Assert.False(pool.TrySubmit(_ => Task.CompletedTask));
    }

    [Fact]
    public async Task SubmitAsync_QueueCapacityZero_HandsTheJobStraightToAWorker()
    {
        var pool = new WorkerPool(1, 0);
        int ran = 0;

        for (int i = 0; i < 3; i++)
        {
            await pool.SubmitAsync(_ => { Interlocked.Increment(ref ran); return Task.CompletedTask; }, TestContext.Current.CancellationToken);
            Assert.Equal(0, pool.QueuedCount);
        }

        await pool.CompleteAsync();
        Assert.Equal(3, ran);
    }

    [Fact]
    public void Explore_ConcurrentSubmittersThenDrain_RunsEveryAcceptedJobExactlyOnce()
    {
        var report = Explorer.Explore(async () =>
        {
            var pool = new WorkerPool(2, 1);
            var runs = new int[4];
            Func<CancellationToken, Task> Job(int id) => async _ =>
            {
                await Task.Yield();
                Interlocked.Increment(ref runs[id]);
            };
            async Task SubmitAsync(int first)
            {
                await pool.SubmitAsync(Job(first));
                await pool.SubmitAsync(Job(first + 1));
            }

            await Task.WhenAll(Task.Run(() => SubmitAsync(0)), Task.Run(() => SubmitAsync(2)));
            await pool.CompleteAsync();
            for (int id = 0; id < runs.Length; id++)
            {
                Check.Equal(1, runs[id], $"runs of job {id}");
            }
        }, ExplorationRun.Options(_traces, seed: 3, iterations: 60));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_StopRacingSubmittersAndRunningJobs_EveryAcceptedJobRanOrWasDroppedExactlyOnce()
    {
        var report = Explorer.Explore(async () =>
        {
            var pool = new WorkerPool(1, 1);
            var jobs = new Func<CancellationToken, Task>[4];
            var runs = new int[jobs.Length];
            var accepted = new bool[jobs.Length];
            int running = 0;
            for (int i = 0; i < jobs.Length; i++)
            {
                int id = i;
                jobs[id] = async token =>
                {
                    Interlocked.Increment(ref running);
                    Interlocked.Increment(ref runs[id]);
                    await TokenSignals.WhenCancelledAsync(token);
                    Interlocked.Decrement(ref running);
                };
            }

            async Task SubmitAsync(int id)
            {
                try
                {
                    await pool.SubmitAsync(jobs[id]);
                    accepted[id] = true;
                }
                catch (InvalidOperationException)
                {
                    // Rejected: the pool was stopping before the job found room.
                }
            }

            var submitters = Task.Run(async () =>
            {
                await SubmitAsync(0);
                await SubmitAsync(1);
            });
            var trier = Task.Run(() => accepted[2] = pool.TrySubmit(jobs[2]));
            var third = Task.Run(() => SubmitAsync(3));
            var dropped = await Task.Run(pool.StopAsync);
            await Task.WhenAll(submitters, trier, third);

            Check.Equal(0, running, "jobs still running after the stop");
            for (int id = 0; id < jobs.Length; id++)
            {
                int outcomes = runs[id] + dropped.Count(job => job == jobs[id]);
                Check.Equal(accepted[id] ? 1 : 0, outcomes, $"runs plus drops of job {id} (accepted: {accepted[id]})");
            }
        }, ExplorationRun.Options(_traces, seed: 4, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_SubmitCancelledWhileTheQueueIsFull_JobRunsIfAndOnlyIfAccepted()
    {
        var report = Explorer.Explore(async () =>
        {
            var pool = new WorkerPool(1, 1);
            var cancellation = new CancellationTokenSource();
            int ran = 0;
            await pool.SubmitAsync(async _ => await Task.Yield());
            await pool.SubmitAsync(async _ => await Task.Yield());
            var submit = Task.Run(async () =>
            {
                try
                {
                    await pool.SubmitAsync(_ => { Interlocked.Increment(ref ran); return Task.CompletedTask; }, cancellation.Token);
                    return true;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            });
            await Task.Run(cancellation.Cancel);
            bool accepted = await submit;
            await pool.CompleteAsync();

            Check.Equal(accepted ? 1 : 0, ran, $"runs of the job (accepted: {accepted})");
        }, ExplorationRun.Options(_traces, seed: 5, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_OneJobFails_CompletionCarriesItAndTheOthersRun()
    {
        var report = Explorer.Explore(async () =>
        {
            var pool = new WorkerPool(2, 2);
            int ran = 0;
            await pool.SubmitAsync(async _ => { await Task.Yield(); throw new InvalidOperationException("job failed"); });
            await pool.SubmitAsync(async _ => { await Task.Yield(); Interlocked.Increment(ref ran); });
            await pool.SubmitAsync(async _ => { await Task.Yield(); Interlocked.Increment(ref ran); });
            try
            {
                await pool.CompleteAsync();
                Check.That(false, "The failed job's exception was swallowed.");
            }
            catch (InvalidOperationException error)
            {
                Check.Equal("job failed", error.Message, "the surfaced failure");
            }

            Check.Equal(2, ran, "jobs that ran besides the failed one");
        }, ExplorationRun.Options(_traces, seed: 6, iterations: 40));

        Assert.True(report.IsClean, report.ToString());
    }

    /// <summary>Random scripts of submissions (waiting, trying, cancelled) ended by a drain or a stop, on real threads:
    /// whatever the timing, every accepted job ran or was dropped exactly once, and no other job ever ran.</summary>
    [Property(MaxTest = 40, Replay = "(20260412,73)")]
    public async Task AnyScript_EndedByDrainOrStop_RunsEveryAcceptedJobExactlyOnce(byte[] script, bool stop)
    {
        var pool = new WorkerPool(2, 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jobs = new Func<CancellationToken, Task>[script.Length];
        var runs = new int[script.Length];
        var submissions = new Task<bool>[script.Length];
        var cancellations = new List<CancellationTokenSource>();
        for (int i = 0; i < script.Length; i++)
        {
            int id = i;
            jobs[id] = async token =>
            {
                Interlocked.Increment(ref runs[id]);
                await Task.WhenAny(gate.Task, TokenSignals.WhenCancelledAsync(token));
            };
            switch (script[i] % 3)
            {
                case 0:
                    submissions[id] = Task.FromResult(pool.TrySubmit(jobs[id]));
                    break;
                case 1:
                    submissions[id] = Outcome(pool.SubmitAsync(jobs[id]));
                    break;
                default:
                    var cancellation = new CancellationTokenSource();
                    cancellations.Add(cancellation);
                    submissions[id] = Outcome(pool.SubmitAsync(jobs[id], cancellation.Token));
                    break;
            }
        }

        foreach (var cancellation in cancellations)
        {
            cancellation.Cancel();
        }

        IReadOnlyList<Func<CancellationToken, Task>> dropped = [];
        if (stop)
        {
            dropped = await pool.StopAsync();
        }
        else
        {
            var completion = pool.CompleteAsync();
            gate.SetResult();
            await completion;
        }

        gate.TrySetResult();
        bool[] accepted = await Task.WhenAll(submissions);
        for (int id = 0; id < script.Length; id++)
        {
            int outcomes = runs[id] + dropped.Count(job => job == jobs[id]);
            Assert.Equal(accepted[id] ? 1 : 0, outcomes);
        }
    }

    private static async Task<bool> Outcome(Task submission)
    {
        try
        {
            await submission;
            return true;
        }
        catch (Exception error) when (error is OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A job that signals when it starts and then waits until released.</summary>
    private static (Func<CancellationToken, Task> Job, Task Started, Action Release) BlockingJob()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (async _ => { started.SetResult(); await release.Task; }, started.Task, () => release.SetResult());
    }
}
