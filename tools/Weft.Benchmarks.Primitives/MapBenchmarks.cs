using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Weft.Concurrency;

namespace Weft.Benchmarks.Primitives;

/// <summary>Four thread-safe maps under a read-heavy and a write-heavy mix: <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// (the baseline), a <see cref="Dictionary{TKey, TValue}"/> under one lock, one under a
/// <see cref="ReaderWriterLockSlim"/>, and Weft's <see cref="StripedLockMap{TKey, TValue}"/>.</summary>
/// <remarks>The map holds <see cref="KeyCount"/> keys from the start. Each of <see cref="Threads"/> dedicated threads does
/// <see cref="OperationsPerThread"/> operations on keys drawn uniformly from that set: a read
/// (<c>TryGetValue</c>) with probability <see cref="ReadPercent"/>%, otherwise a write that adds 1 to the key's value
/// (<c>AddOrUpdate</c>, or a by-reference update under the lock). The keys and the mix are drawn once per thread from a
/// fixed seed, so every map gets the same sequence. The time of an operation is the wall time of a run divided by
/// <see cref="OperationsPerThread"/>. Not sealed: BenchmarkDotNet does not accept sealed benchmark classes.</remarks>
public class MapBenchmarks
{
    /// <summary>Operations each thread does per run.</summary>
    public const int OperationsPerThread = 20_000;

    /// <summary>The number of distinct keys, all present from the start.</summary>
    public const int KeyCount = 1024;

    private ThreadGang _gang = null!;

    /// <summary>Per thread, the key of each operation.</summary>
    private int[][] _keys = null!;

    /// <summary>Per thread, whether each operation reads (otherwise it writes).</summary>
    private bool[][] _reads = null!;

    /// <summary>Per thread, a sum of the values read, 16 longs apart so that the threads' sinks share no cache line.</summary>
    private long[] _sinks = null!;

    private ConcurrentDictionary<int, long> _concurrent = null!;
    private Dictionary<int, long> _lockedDictionary = null!;
    private readonly object _lockedGate = new();
    private Dictionary<int, long> _readerWriterDictionary = null!;
    private ReaderWriterLockSlim _readerWriterLock = null!;
    private StripedLockMap<int, long> _striped = null!;

    private Action<int> _concurrentBody = null!;
    private Action<int> _lockedBody = null!;
    private Action<int> _readerWriterBody = null!;
    private Action<int> _stripedBody = null!;

    /// <summary>The number of threads using the map at once.</summary>
    [Params(2, 4)]
    public int Threads { get; set; }

    /// <summary>The share of reads, in percent: 90 is read-heavy, 10 write-heavy.</summary>
    [Params(90, 10)]
    public int ReadPercent { get; set; }

    /// <summary>Fills the maps, draws each thread's operations and starts the threads, once per case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _keys = new int[Threads][];
        _reads = new bool[Threads][];
        _sinks = new long[Threads * 16];
        for (int thread = 0; thread < Threads; thread++)
        {
            var random = new Random(1000 + thread);
            _keys[thread] = new int[OperationsPerThread];
            _reads[thread] = new bool[OperationsPerThread];
            for (int i = 0; i < OperationsPerThread; i++)
            {
                _keys[thread][i] = random.Next(KeyCount);
                _reads[thread][i] = random.Next(100) < ReadPercent;
            }
        }

        _concurrent = new ConcurrentDictionary<int, long>();
        _lockedDictionary = [];
        _readerWriterDictionary = [];
        _readerWriterLock = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
        _striped = new StripedLockMap<int, long>(4 * Environment.ProcessorCount);
        for (int key = 0; key < KeyCount; key++)
        {
            _concurrent[key] = 0;
            _lockedDictionary[key] = 0;
            _readerWriterDictionary[key] = 0;
            _striped.GetOrAdd(key, static _ => 0);
        }

        _concurrentBody = RunConcurrent;
        _lockedBody = RunLocked;
        _readerWriterBody = RunReaderWriter;
        _stripedBody = RunStriped;
        _gang = new ThreadGang(Threads);
    }

    /// <summary>Stops the threads and the reader-writer lock.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _gang.Dispose();
        _readerWriterLock.Dispose();
    }

    /// <summary><see cref="ConcurrentDictionary{TKey, TValue}"/>: lock-free reads, striped locks for writes.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerThread)]
    public void ConcurrentDictionary() => _gang.Run(_concurrentBody);

    /// <summary>A <see cref="Dictionary{TKey, TValue}"/> with every operation under one <see cref="Monitor"/>.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void LockedDictionary() => _gang.Run(_lockedBody);

    /// <summary>A <see cref="Dictionary{TKey, TValue}"/> under a <see cref="ReaderWriterLockSlim"/>: shared reads, exclusive writes.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void ReaderWriterDictionary() => _gang.Run(_readerWriterBody);

    /// <summary>Weft's <see cref="StripedLockMap{TKey, TValue}"/> with four stripes per core; reads take the stripe's lock too.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void StripedLockMap() => _gang.Run(_stripedBody);

    private void RunConcurrent(int thread)
    {
        var keys = _keys[thread];
        var reads = _reads[thread];
        long sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (reads[i])
            {
                _concurrent.TryGetValue(keys[i], out long value);
                sum += value;
            }
            else
            {
                _concurrent.AddOrUpdate(keys[i], 1, static (_, value) => value + 1);
            }
        }

        _sinks[thread * 16] = sum;
    }

    private void RunLocked(int thread)
    {
        var keys = _keys[thread];
        var reads = _reads[thread];
        long sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            lock (_lockedGate)
            {
                if (reads[i])
                {
                    _lockedDictionary.TryGetValue(keys[i], out long value);
                    sum += value;
                }
                else
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(_lockedDictionary, keys[i], out _)++;
                }
            }
        }

        _sinks[thread * 16] = sum;
    }

    private void RunReaderWriter(int thread)
    {
        var keys = _keys[thread];
        var reads = _reads[thread];
        long sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (reads[i])
            {
                _readerWriterLock.EnterReadLock();
                try
                {
                    _readerWriterDictionary.TryGetValue(keys[i], out long value);
                    sum += value;
                }
                finally
                {
                    _readerWriterLock.ExitReadLock();
                }
            }
            else
            {
                _readerWriterLock.EnterWriteLock();
                try
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(_readerWriterDictionary, keys[i], out _)++;
                }
                finally
                {
                    _readerWriterLock.ExitWriteLock();
                }
            }
        }

        _sinks[thread * 16] = sum;
    }

    private void RunStriped(int thread)
    {
        var keys = _keys[thread];
        var reads = _reads[thread];
        long sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (reads[i])
            {
                _striped.TryGetValue(keys[i], out long value);
                sum += value;
            }
            else
            {
                _striped.AddOrUpdate(keys[i], static _ => 1, static (_, value) => value + 1);
            }
        }

        _sinks[thread * 16] = sum;
    }
}
