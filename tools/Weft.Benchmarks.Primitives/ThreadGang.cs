namespace Weft.Benchmarks.Primitives;

/// <summary>A fixed set of dedicated threads that run one body together on each <see cref="Run"/>, so that a
/// multi-threaded benchmark measures its work and not the creation or scheduling of threads.</summary>
/// <remarks>
/// <para>The threads are started once (in a benchmark's global setup) and wait on a <see cref="Barrier"/> between runs:
/// one phase starts every thread at once, a second one waits until all of them have finished. A run costs two barrier
/// phases, a few microseconds, against the milliseconds of work each run does.</para>
/// <para><b>Thread safety:</b> to be used from one thread only (the benchmark's). <b>Happens-before:</b> everything
/// before <see cref="Run"/> happens-before every thread's body, and every body happens-before <see cref="Run"/> returns
/// (both through the barrier).</para>
/// </remarks>
internal sealed class ThreadGang : IDisposable
{
    private readonly Thread[] _threads;

    /// <summary>The threads and the caller: one phase to start, one to finish.</summary>
    private readonly Barrier _barrier;

    /// <summary>The body of the current run, or <see langword="null"/> to make the threads exit. Written by the caller
    /// before the start phase and read by the threads after it; the barrier orders the two.</summary>
    private Action<int>? _body;

    /// <summary>The first exception a body threw in the current run; set by the threads, read by the caller after the
    /// finishing phase.</summary>
    private Exception? _failure;

    private bool _disposed;

    /// <summary>Starts <paramref name="count"/> threads, all waiting for the first run.</summary>
    /// <param name="count">The number of threads, at least 1.</param>
    public ThreadGang(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _barrier = new Barrier(count + 1);
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            _threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"gang-{index}" };
            _threads[i].Start();
        }
    }

    /// <summary>The number of threads.</summary>
    public int Count => _threads.Length;

    /// <summary>Runs <paramref name="body"/> on every thread at once, each with its index from 0 to
    /// <see cref="Count"/> - 1, and returns when all have finished.</summary>
    /// <param name="body">The body; pass a delegate created once, so that a run allocates nothing.</param>
    /// <exception cref="InvalidOperationException">A body threw; the inner exception is the first one.</exception>
    public void Run(Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _body = body;
        _barrier.SignalAndWait();
        _barrier.SignalAndWait();
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            throw new InvalidOperationException("A thread of the gang failed; see the inner exception.", failure);
        }
    }

    /// <summary>Makes every thread exit and waits for them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _body = null;
        _barrier.SignalAndWait();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _barrier.Dispose();
    }

    private void Loop(int index)
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_body is not { } body)
            {
                return;
            }

            try
            {
                body(index);
            }
            catch (Exception exception)
            {
                // Kept for the caller, which rethrows it after the finishing phase; the thread stays in the gang.
                Interlocked.CompareExchange(ref _failure, exception, null);
            }

            _barrier.SignalAndWait();
        }
    }
}
