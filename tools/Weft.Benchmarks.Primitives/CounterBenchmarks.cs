using BenchmarkDotNet.Attributes;
using Weft.Concurrency;

namespace Weft.Benchmarks.Primitives;

/// <summary>Weft's three <see cref="ICounter"/>s against <see cref="Interlocked.Increment(ref long)"/> on a field (what
/// a single production counter should be) and a racy plain <c>count++</c> (the floor: no synchronisation at all, and
/// it loses updates), each at 1, 2 and 4 threads.</summary>
/// <remarks>Each of <see cref="Threads"/> dedicated threads does <see cref="IncrementsPerThread"/> increments of one
/// shared counter. The time of an operation is the wall time of the whole run divided by
/// <see cref="IncrementsPerThread"/>, so a counter that scales perfectly keeps the same time from 1 to 2 threads on
/// two cores; 4 threads oversubscribe the two cores, so there the time grows for everyone. Not sealed: BenchmarkDotNet
/// does not accept sealed benchmark classes.</remarks>
public class CounterBenchmarks
{
    /// <summary>Increments each thread does per run.</summary>
    public const int IncrementsPerThread = 100_000;

    private ThreadGang _gang = null!;
    private ICounter _interlocked = null!;
    private ICounter _locked = null!;
    private ICounter _striped = null!;
    private Action<int> _interlockedFieldBody = null!;
    private Action<int> _interlockedCounterBody = null!;
    private Action<int> _lockedCounterBody = null!;
    private Action<int> _stripedCounterBody = null!;
    private Action<int> _plainIncrementBody = null!;

    /// <summary>The counter of <see cref="InterlockedField"/>; accessed only through <see cref="Interlocked"/>.</summary>
    private long _field;

    /// <summary>The counter of <see cref="PlainIncrement"/>; incremented with no synchronisation on purpose.</summary>
    private long _plain;

    /// <summary>How many runs <see cref="PlainIncrement"/> made, to count the updates it lost.</summary>
    private long _plainRuns;

    /// <summary>The number of threads incrementing at once.</summary>
    [Params(1, 2, 4)]
    public int Threads { get; set; }

    /// <summary>Starts the threads and creates the counters and the bodies, once per case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _gang = new ThreadGang(Threads);
        _interlocked = Counters.CreateInterlocked();
        _locked = Counters.CreateLocked();
        _striped = Counters.CreateStriped(Environment.ProcessorCount);
        _interlockedFieldBody = _ =>
        {
            for (int i = 0; i < IncrementsPerThread; i++)
            {
                Interlocked.Increment(ref _field);
            }
        };
        _interlockedCounterBody = _ => IncrementMany(_interlocked);
        _lockedCounterBody = _ => IncrementMany(_locked);
        _stripedCounterBody = _ => IncrementMany(_striped);
        _plainIncrementBody = _ =>
        {
            for (int i = 0; i < IncrementsPerThread; i++)
            {
                _plain++;
            }
        };
    }

    /// <summary>Stops the threads, and says how many increments the racy counter lost, if it ran.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _gang.Dispose();
        if (_plainRuns > 0)
        {
            long expected = _plainRuns * Threads * IncrementsPerThread;
            Console.WriteLine($"// PlainIncrement with {Threads} thread(s) lost {expected - _plain} of {expected} increments ({100.0 * (expected - _plain) / expected:F1}%).");
        }
    }

    /// <summary><see cref="Interlocked.Increment(ref long)"/> on a field: the baseline, and the right production choice.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = IncrementsPerThread)]
    public void InterlockedField() => _gang.Run(_interlockedFieldBody);

    /// <summary><see cref="Counters.CreateInterlocked"/>: the same atomic word behind an interface call.</summary>
    [Benchmark(OperationsPerInvoke = IncrementsPerThread)]
    public void InterlockedCounter() => _gang.Run(_interlockedCounterBody);

    /// <summary><see cref="Counters.CreateLocked"/>: a <see cref="Monitor"/> around a plain field.</summary>
    [Benchmark(OperationsPerInvoke = IncrementsPerThread)]
    public void LockedCounter() => _gang.Run(_lockedCounterBody);

    /// <summary><see cref="Counters.CreateStriped"/> with one stripe per core.</summary>
    [Benchmark(OperationsPerInvoke = IncrementsPerThread)]
    public void StripedCounter() => _gang.Run(_stripedCounterBody);

    /// <summary>A plain <c>count++</c> on a shared field: wrong (it loses updates under contention), shown as the floor.</summary>
    [Benchmark(OperationsPerInvoke = IncrementsPerThread)]
    public void PlainIncrement()
    {
        _plainRuns++;
        _gang.Run(_plainIncrementBody);
    }

    private static void IncrementMany(ICounter counter)
    {
        for (int i = 0; i < IncrementsPerThread; i++)
        {
            counter.Increment();
        }
    }
}
