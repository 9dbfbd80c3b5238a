using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Weft.Concurrency;

namespace Weft.Benchmarks.Primitives;

/// <summary>Many concurrent callers for a few keys: Weft's <see cref="SingleFlight{TKey, TValue}"/> against the usual
/// hand-made version, a <see cref="ConcurrentDictionary{TKey, TValue}"/> of <see cref="Lazy{T}"/> tasks whose entry each
/// caller removes once the task has ended (the baseline).</summary>
/// <remarks>Each run: two dedicated threads make <see cref="Callers"/> calls between them, spread over
/// <see cref="Keys"/> keys, while the work of every key waits on a gate; then the gate opens and the run waits for every
/// call. So each key has exactly one execution per run, shared by <see cref="Callers"/> / <see cref="Keys"/> callers, in
/// both versions. The work ignores its key, so that both versions pass a delegate created once (a real caller of
/// <see cref="SingleFlight{TKey, TValue}.DoAsync"/> usually allocates a closure over its key per call; see Reading.md).
/// No caller passes a cancellable token. The time of an operation is the wall time of a run divided by
/// <see cref="Callers"/>. Not sealed: BenchmarkDotNet does not accept sealed benchmark classes.</remarks>
public class SingleFlightBenchmarks
{
    /// <summary>Calls per run.</summary>
    public const int Callers = 256;

    /// <summary>Distinct keys per run.</summary>
    public const int Keys = 4;

    private const int CallingThreads = 2;

    private readonly SingleFlight<int, int> _singleFlight = new();
    private readonly ConcurrentDictionary<int, Lazy<Task<int>>> _lazies = new();
    private readonly Task<int>[] _lazyCalls = new Task<int>[Callers];
    private readonly Task<SingleFlightResult<int>>[] _singleFlightCalls = new Task<SingleFlightResult<int>>[Callers];

    private ThreadGang _gang = null!;
    private Func<CancellationToken, Task<int>> _work = null!;
    private Func<Task<int>> _lazyWork = null!;
    private Action<int> _lazyCallers = null!;
    private Action<int> _singleFlightCallers = null!;

    /// <summary>Holds back every execution of a run until all its calls are made; a new one per run.</summary>
    private TaskCompletionSource _gate = new();

    /// <summary>Starts the calling threads and creates the bodies, once per case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _gang = new ThreadGang(CallingThreads);
        _work = _ => WorkAsync();
        _lazyWork = WorkAsync;
        _lazyCallers = thread =>
        {
            for (int i = thread; i < Callers; i += CallingThreads)
            {
                _lazyCalls[i] = CallThroughLazyAsync(i % Keys);
            }
        };
        _singleFlightCallers = thread =>
        {
            for (int i = thread; i < Callers; i += CallingThreads)
            {
                _singleFlightCalls[i] = _singleFlight.DoAsync(i % Keys, _work);
            }
        };
    }

    /// <summary>Stops the calling threads.</summary>
    [GlobalCleanup]
    public void Cleanup() => _gang.Dispose();

    /// <summary><c>ConcurrentDictionary&lt;int, Lazy&lt;Task&lt;int&gt;&gt;&gt;</c>: <c>GetOrAdd</c>, await the shared task,
    /// then remove the entry (only if it is still this one).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
    public void LazyInConcurrentDictionary()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gang.Run(_lazyCallers);
        _gate.SetResult();
        Task.WaitAll(_lazyCalls);
    }

    /// <summary>Weft's <see cref="SingleFlight{TKey, TValue}.DoAsync"/>.</summary>
    [Benchmark(OperationsPerInvoke = Callers)]
    public void SingleFlight()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gang.Run(_singleFlightCallers);
        _gate.SetResult();
        Task.WaitAll(_singleFlightCalls);
    }

    private async Task<int> CallThroughLazyAsync(int key)
    {
        var lazy = _lazies.GetOrAdd(key, static (_, work) => new Lazy<Task<int>>(work), _lazyWork);
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        finally
        {
            // Forget the key once its execution has ended, as SingleFlight does; only this entry, not a newer one.
            _lazies.TryRemove(KeyValuePair.Create(key, lazy));
        }
    }

    private async Task<int> WorkAsync()
    {
        await _gate.Task.ConfigureAwait(false);
        return 42;
    }
}
