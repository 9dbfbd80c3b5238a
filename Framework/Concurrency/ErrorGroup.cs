using System.Diagnostics;

namespace Weft.Concurrency;

/// <summary>Runs a group of tasks that share one fate: the first failure cancels the others' token, and
/// <see cref="WaitAsync"/> reports that first failure once every task has finished; Go's
/// <c>golang.org/x/sync/errgroup.Group</c> with <c>WithContext</c> and <c>SetLimit</c>.</summary>
/// <remarks>
/// <para>For a known collection of items processed with bounded parallelism, <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
/// already does this (it also stops at the first failure); use it. This group is for heterogeneous work started one
/// piece at a time, possibly from inside other work of the group.</para>
/// <para><b>Failure:</b> the first exception thrown by any work, including an <see cref="OperationCanceledException"/>,
/// is the group's error: it cancels <see cref="Token"/>, and <see cref="WaitAsync"/> rethrows it (a cancellation as a
/// cancelled task). Later exceptions, typically the others' reaction to the cancellation, are dropped, as in Go.</para>
/// <para><b>Limit:</b> with a limit, at most that many pieces of work run at once. <see cref="Go"/> never blocks the
/// caller: work beyond the limit waits in a first-in, first-out queue and starts when a running piece finishes (Go's
/// <c>Go</c> blocks instead; blocking a thread is the wrong default in .NET). <see cref="TryGo"/> starts the work only if
/// it can start now. Every piece passed to <see cref="Go"/> runs exactly once, even after the group failed: it then gets
/// an already cancelled token, which it should check. For backpressure on the producer, use
/// <see cref="WorkerPool.SubmitAsync"/>.</para>
/// <para><b>Lifetime:</b> call <see cref="Go"/> and <see cref="TryGo"/> before <see cref="WaitAsync"/> or from work of the
/// group; once <see cref="WaitAsync"/> has seen every piece finish, the group is done, <see cref="Token"/> is cancelled,
/// and the group's link to the parent token is removed. A group whose <see cref="WaitAsync"/> is never called keeps that
/// link as long as the parent token lives. Work of the group must not await <see cref="WaitAsync"/>: it waits for every
/// piece, the caller included.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> each <see cref="Go"/> or successful <see cref="TryGo"/> happens-before its work starts; the
/// end of every piece of work happens-before <see cref="WaitAsync"/> completes; the first failure happens-before
/// <see cref="Token"/> is cancelled. Outside an exploration it behaves the same; under an exploration the pieces of work,
/// the first failure and the cancellation of the others can be explored in every order.</para>
/// </remarks>
/// <seealso cref="WorkerPool"/>
public sealed class ErrorGroup
{
    /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

    /// <summary>The source of <see cref="Token"/>: cancelled at the first failure, by the parent token, or when the group
    /// is done. It has no timer, so it is not disposed; a linked source would have to be, and disposing one can wait for
    /// a parent callback running on another thread.</summary>
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Cancels <see cref="_cancellation"/> when the parent token is cancelled; unregistered when the group is done.</summary>
    private readonly CancellationTokenRegistration _parentRegistration;

    /// <summary>Work waiting for a slot, first in, first out; not empty only while <see cref="_running"/> equals
    /// <see cref="Limit"/>. Guarded by <see cref="_gate"/>.</summary>
    private readonly Queue<Func<CancellationToken, Task>> _queued = new();

    /// <summary>Completes when the group is done: successfully, or with the first error. Its continuations run on the
    /// stack that finishes the group, which holds no lock and does nothing afterwards; without
    /// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, the task composes with <c>Task.Run</c> and
    /// <see cref="Task.WhenAll(Task[])"/> under exploration (see <see cref="WaiterTask"/>).</summary>
    private readonly TaskCompletionSource _done = new();

    /// <summary>Pieces of work running, from 0 to <see cref="Limit"/>. Guarded by <see cref="_gate"/>.</summary>
    private int _running;

    /// <summary>The first exception of any work; set once. Guarded by <see cref="_gate"/>.</summary>
    private Exception? _firstError;

    /// <summary>Whether <see cref="WaitAsync"/> was called. Guarded by <see cref="_gate"/>.</summary>
    private bool _waited;

    /// <summary>Whether the group is done (every piece finished after <see cref="WaitAsync"/> was called); set once.
    /// Guarded by <see cref="_gate"/>.</summary>
    private bool _finished;

    /// <summary>Creates a group without a limit.</summary>
    /// <param name="cancellationToken">The parent token: its cancellation cancels <see cref="Token"/> too, without
    /// being an error of the group by itself.</param>
    public ErrorGroup(CancellationToken cancellationToken = default)
        : this(int.MaxValue, cancellationToken)
    {
    }

    /// <summary>Creates a group that runs at most <paramref name="limit"/> pieces of work at once.</summary>
    /// <param name="limit">The most pieces of work running at once; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="cancellationToken">The parent token: its cancellation cancels <see cref="Token"/> too, without
    /// being an error of the group by itself.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public ErrorGroup(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        Token = _cancellation.Token;

        // A parent already cancelled runs the callback right here, so the group starts cancelled.
        _parentRegistration = cancellationToken.Register(static source => ((CancellationTokenSource)source!).Cancel(), _cancellation);
    }

    /// <summary>The most pieces of work that run at once.</summary>
    public int Limit { get; }

    /// <summary>The token every piece of work receives: cancelled at the first failure, when the parent token is
    /// cancelled, or when the group is done.</summary>
    public CancellationToken Token { get; }

    /// <summary>Starts <paramref name="work"/> on the thread pool now, or queues it until a running piece finishes when
    /// the limit is reached; never blocks.</summary>
    /// <param name="work">The work; it receives <see cref="Token"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The group is done: <see cref="WaitAsync"/> already saw every piece
    /// finish.</exception>
    public void Go(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        bool start;
        lock (_gate)
        {
            AssertInvariants();
            ThrowIfFinished();
            start = _running < Limit;
            if (start)
            {
                _running++;
            }
            else
            {
                _queued.Enqueue(work);
            }
        }

        if (start)
        {
            Start(work);
        }
    }

    /// <summary>Starts <paramref name="work"/> on the thread pool if the limit allows it now; never blocks, never queues.</summary>
    /// <param name="work">The work; it receives <see cref="Token"/>.</param>
    /// <returns><see langword="true"/> if the work was started; <see langword="false"/> if the limit was reached.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The group is done: <see cref="WaitAsync"/> already saw every piece
    /// finish.</exception>
    public bool TryGo(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            AssertInvariants();
            ThrowIfFinished();
            if (_running == Limit)
            {
                return false;
            }

            _running++;
        }

        Start(work);
        return true;
    }

    /// <summary>Waits until every piece of work, queued ones included, has finished; then the group is done.</summary>
    /// <returns>A task that completes successfully if no work failed, or with the first failure: faulted with its
    /// exception, or cancelled if it was an <see cref="OperationCanceledException"/>. Every call returns the same task.</returns>
    public Task WaitAsync()
    {
        bool finish;
        lock (_gate)
        {
            AssertInvariants();
            _waited = true;
            finish = TryFinish();
        }

        if (finish)
        {
            Finish();
        }

        return _done.Task;
    }

    private void Start(Func<CancellationToken, Task> work) => _ = Task.Run(() => RunAsync(work));

    /// <summary>Runs <paramref name="work"/>, then each queued piece in turn while there are any: the slot passes from
    /// piece to piece without being released.</summary>
    private async Task RunAsync(Func<CancellationToken, Task> work)
    {
        for (Func<CancellationToken, Task>? next = work; next is not null;)
        {
            try
            {
                await (next(Token) ?? throw new InvalidOperationException("The work returned a null task.")).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                bool first;
                lock (_gate)
                {
                    AssertInvariants();
                    first = _firstError is null;
                    _firstError ??= exception;
                }

                if (first)
                {
                    // Outside the lock: the other pieces' cancellation callbacks run on this stack.
                    _cancellation.Cancel();
                }
            }

            bool finish = false;
            lock (_gate)
            {
                AssertInvariants();
                if (!_queued.TryDequeue(out next))
                {
                    _running--;
                    finish = TryFinish();
                }
            }

            if (finish)
            {
                Finish();
            }
        }
    }

    /// <summary>Marks the group done if <see cref="WaitAsync"/> was called and nothing runs; called with the lock held.</summary>
    private bool TryFinish()
    {
        if (_finished || !_waited || _running > 0)
        {
            return false;
        }

        _finished = true;
        return true;
    }

    /// <summary>Cancels the token, unlinks the parent token and completes <see cref="WaitAsync"/>; called once, outside
    /// the lock, after <see cref="TryFinish"/> returned <see langword="true"/>.</summary>
    private void Finish()
    {
        Exception? error;
        lock (_gate)
        {
            AssertInvariants();
            error = _firstError;
        }

        // Cancelled before WaitAsync completes, so a caller that awaited WaitAsync sees a cancelled token, as in Go.
        // Unregister, unlike Dispose, never waits for a parent callback running on another thread.
        _cancellation.Cancel();
        _parentRegistration.Unregister();
        switch (error)
        {
            case null:
                _done.TrySetResult();
                break;
            case OperationCanceledException canceled:
                _done.TrySetCanceled(canceled.CancellationToken);
                break;
            default:
                _done.TrySetException(error);
                break;
        }
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("The group is done: WaitAsync saw every piece of work finish, so no more work can join it.");
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_gate), "The invariants are checked with the lock held.");
        Debug.Assert(_running >= 0 && _running <= Limit, $"The running pieces ({_running}) must be between 0 and the limit ({Limit}).");
        Debug.Assert(_queued.Count == 0 || _running == Limit, "Work may wait in the queue only while the limit is reached.");
        Debug.Assert(!_finished || (_waited && _running == 0 && _queued.Count == 0), "A finished group was waited for and runs nothing.");
    }
}
