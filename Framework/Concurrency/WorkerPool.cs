using System.Diagnostics;

namespace Weft.Concurrency;

/// <summary>A fixed number of workers that run submitted jobs from a bounded queue, with backpressure on submitters, a
/// graceful drain and an immediate stop.</summary>
/// <remarks>
/// <para>For a known collection of items processed with bounded parallelism, use
/// <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>;
/// this pool is for a stream of jobs from many producers that must be slowed down when the workers fall behind.</para>
/// <para><b>Accepting:</b> a job is accepted when an idle worker takes it at once, or when it enters the queue. While the
/// queue is full, <see cref="SubmitAsync"/> waits (backpressure), first in, first out, and <see cref="TrySubmit"/> returns
/// <see langword="false"/>. A waiting <see cref="SubmitAsync"/> whose token is cancelled gives up: its job was not
/// accepted and will never run. When cancellation and acceptance race, exactly one wins, decided under the pool's lock.
/// The submission token covers only the wait for room; an accepted job runs under the pool's token.
/// <b>Exactly once:</b> every accepted job either runs exactly once, or is returned by <see cref="StopAsync"/> as dropped,
/// never both; a job that was not accepted never runs.</para>
/// <para><b>Drain:</b> <see cref="CompleteAsync"/> and <see cref="DisposeAsync"/> stop accepting and finish every
/// accepted job, queued ones included; a <see cref="SubmitAsync"/> still waiting for room is rejected, because its job
/// was never accepted. <b>Stop:</b> <see cref="StopAsync"/> stops accepting, drops the queued jobs (and returns them),
/// cancels the token of the running jobs, and waits for them to end; a job that ignores its token delays the stop. Both
/// return only when no worker and no job of the pool is running any more. Stopping a draining pool is allowed and drops
/// what is still queued.</para>
/// <para><b>Failures:</b> a job that throws does not stop its worker or the pool; its exception is kept, and
/// <see cref="Completion"/> ends faulted with every such exception (awaiting it throws the first). An
/// <see cref="OperationCanceledException"/> thrown after <see cref="StopAsync"/> cancelled the pool's token counts as
/// the job's cancellation, not as a failure. <see cref="CompleteAsync"/> returns <see cref="Completion"/>, so it throws
/// too; <see cref="StopAsync"/> and <see cref="DisposeAsync"/> do not, and leave the failures in <see cref="Completion"/>.</para>
/// <para><b>The queue</b> is a <see cref="Queue{T}"/> under one lock, with a <see cref="TaskCompletionSource"/> per waiting
/// submitter or idle worker, rather than a bounded <c>Channel&lt;T&gt;</c> or a <see cref="SemaphoreSlim"/>. Acceptance,
/// a worker taking a job, draining and stopping must each be decided atomically with respect to the others, which one
/// lock makes evident; and Coyote 1.7.11 controls neither channels (a bounded channel with a waiting writer is reported
/// as a false deadlock) nor the cancellation token of its <see cref="SemaphoreSlim"/> model (a cancelled wait would
/// hang under exploration). A waiting submitter is served before any later <see cref="TrySubmit"/>, in arrival order.</para>
/// <para>A job that submits to its own pool with <see cref="SubmitAsync"/> can wait forever when every worker does the
/// same on a full queue; use <see cref="TrySubmit"/> there. A job must not await <see cref="CompleteAsync"/>,
/// <see cref="StopAsync"/>, <see cref="DisposeAsync"/> or <see cref="Completion"/> of its own pool: they wait for every
/// job, itself included.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> the <see cref="SubmitAsync"/> or <see cref="TrySubmit"/> call that submits a job
/// happens-before the job runs (the job may start before that call returns); the end of every job
/// happens-before <see cref="Completion"/> completes and before <see cref="StopAsync"/> and <see cref="DisposeAsync"/>
/// return; <see cref="StopAsync"/> happens-before the running jobs observe their token cancelled. Outside an exploration
/// it behaves the same; under an exploration its lock, workers and waits are controlled, so submissions, cancellations,
/// draining and stopping can be explored in every order.</para>
/// </remarks>
/// <seealso cref="ErrorGroup"/>
/// <seealso cref="WeightedSemaphore"/>
public sealed class WorkerPool : IAsyncDisposable
{
    /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

    /// <summary>The accepted jobs; it decides acceptance, backpressure, draining and dropping.</summary>
    private readonly BoundedQueue<Func<CancellationToken, Task>> _queue;

    /// <summary>The exceptions of failed jobs, in the order they ended. Guarded by <see cref="_gate"/>.</summary>
    private readonly List<Exception> _failures = [];

    /// <summary>The token of every job, cancelled by <see cref="StopAsync"/>. It has no timer, so it is not disposed: a
    /// job may keep its token after the pool is done.</summary>
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Backs <see cref="Completion"/>; completed once, when the last worker exits. Its continuations run on the
    /// last worker, which holds no lock and only exits afterwards; without
    /// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, the task composes with <c>Task.Run</c> and
    /// <see cref="Task.WhenAll(Task[])"/> under exploration (see <see cref="WaiterTask"/>).</summary>
    private readonly TaskCompletionSource _completion = new();

    /// <summary>Completed once, successfully, right after <see cref="_completion"/>; what stop and dispose wait for
    /// without throwing.</summary>
    private readonly TaskCompletionSource _exited = new();

    /// <summary>Workers that have not exited, from <see cref="WorkerCount"/> down to 0. Guarded by <see cref="_gate"/>.</summary>
    private int _liveWorkers;

    /// <summary>Creates the pool and starts its workers on the thread pool.</summary>
    /// <param name="workerCount">How many jobs run at once, at least 1.</param>
    /// <param name="queueCapacity">How many accepted jobs may wait for a worker, at least 0. With 0, a job is accepted only
    /// when an idle worker takes it at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workerCount"/> is less than 1 or
    /// <paramref name="queueCapacity"/> is negative.</exception>
    public WorkerPool(int workerCount, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueCapacity);
        WorkerCount = workerCount;
        _queue = new BoundedQueue<Func<CancellationToken, Task>>(queueCapacity, static () => new InvalidOperationException("The pool no longer accepts jobs: it is draining or stopping."));
        _liveWorkers = workerCount;
        for (int i = 0; i < workerCount; i++)
        {
            _ = Task.Run(RunWorkerAsync);
        }
    }

    /// <summary>The number of workers, that is, of jobs that run at once.</summary>
    public int WorkerCount { get; }

    /// <summary>How many accepted jobs may wait for a worker.</summary>
    public int QueueCapacity => _queue.Capacity;

    /// <summary>The number of accepted jobs waiting for a worker at the moment of the call.</summary>
    public int QueuedCount => _queue.Count;

    /// <summary>Completes when every worker has exited after a drain or a stop: successfully, or faulted with the
    /// exception of every job that failed. Never cancelled.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Submits <paramref name="job"/>, waiting for room while the queue is full.</summary>
    /// <param name="job">The job; it receives the pool's token, cancelled by <see cref="StopAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for room; it does not reach the job once accepted.</param>
    /// <returns>A task that completes when the job is accepted; already complete when there was room.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="OperationCanceledException">(In the task.) <paramref name="cancellationToken"/> was cancelled
    /// before the job was accepted; it will never run.</exception>
    /// <exception cref="InvalidOperationException">(In the task.) The pool is draining or stopping, now or before room
    /// was found; the job will never run.</exception>
    public Task SubmitAsync(Func<CancellationToken, Task> job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _queue.AddAsync(job, cancellationToken);
    }

    /// <summary>Submits <paramref name="job"/> if it can be accepted now; never waits.</summary>
    /// <param name="job">The job; it receives the pool's token, cancelled by <see cref="StopAsync"/>.</param>
    /// <returns><see langword="true"/> if the job was accepted; <see langword="false"/> if the queue is full (or
    /// submitters are already waiting for room) or the pool is draining or stopping.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    public bool TrySubmit(Func<CancellationToken, Task> job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _queue.TryAdd(job);
    }

    /// <summary>Drains the pool: stops accepting, rejects the submitters still waiting for room, and lets the workers
    /// finish every accepted job.</summary>
    /// <returns><see cref="Completion"/>: it completes when every accepted job has ended and every worker has exited,
    /// and fails with the jobs' exceptions, if any.</returns>
    public Task CompleteAsync()
    {
        _queue.Complete();
        return Completion;
    }

    /// <summary>Stops the pool now: stops accepting, rejects waiting submitters, drops the queued jobs, cancels the
    /// running jobs' token, and waits until they have ended.</summary>
    /// <returns>The jobs this call dropped: accepted, never started and never to run, in queue order. Empty when the
    /// pool was already stopping.</returns>
    /// <remarks>Failures of jobs stay in <see cref="Completion"/>, which has completed when this task completes.</remarks>
    /// <exception cref="AggregateException">A callback registered on a job's token threw while the token was being
    /// cancelled; the pool has still stopped when it is thrown.</exception>
    public async Task<IReadOnlyList<Func<CancellationToken, Task>>> StopAsync()
    {
        var dropped = _queue.Clear();
        AggregateException? callbackError = null;
        try
        {
            // The running jobs' cancellation callbacks run on this stack.
            _stop.Cancel();
        }
        catch (AggregateException exception)
        {
            callbackError = exception;
        }

        await _exited.Task.ConfigureAwait(false);
        if (callbackError is not null)
        {
            throw callbackError;
        }

        return dropped;
    }

    /// <summary>Drains the pool like <see cref="CompleteAsync"/> and waits until every worker has exited, without
    /// throwing the jobs' failures, which stay in <see cref="Completion"/>.</summary>
    /// <returns>A task that completes when nothing of the pool runs any more.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _exited.Task.ConfigureAwait(false);
    }

    private async Task RunWorkerAsync()
    {
        while (true)
        {
            // A job already queued is taken without a task; only an idle worker waits, for a job or for the end.
            if (!_queue.TryTake(out var job, out var next))
            {
                job = await next.ConfigureAwait(false);
                if (job is null)
                {
                    break;
                }
            }

            await RunJobAsync(job).ConfigureAwait(false);
        }

        Exception[]? failures = null;
        lock (_gate)
        {
            AssertInvariants();
            _liveWorkers--;
            if (_liveWorkers == 0)
            {
                failures = [.. _failures];
            }
        }

        if (failures is not null)
        {
            // The last worker: every job has ended. Completion first, so that it is complete when stop and dispose return.
            if (failures.Length > 0)
            {
                _completion.TrySetException(failures);
            }
            else
            {
                _completion.TrySetResult();
            }

            _exited.TrySetResult();
        }
    }

    private async Task RunJobAsync(Func<CancellationToken, Task> job)
    {
        var token = _stop.Token;
        try
        {
            await (job(token) ?? throw new InvalidOperationException("The job returned a null task.")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The pool was stopped and the job gave up as asked: a cancellation, not a failure.
        }
        catch (Exception exception)
        {
            // Not swallowed: Completion ends faulted with it.
            lock (_gate)
            {
                AssertInvariants();
                _failures.Add(exception);
            }
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_gate), "The invariants are checked with the lock held.");
        Debug.Assert(_liveWorkers >= 0 && _liveWorkers <= WorkerCount, $"The live workers ({_liveWorkers}) must be between 0 and {WorkerCount}.");
    }
}
