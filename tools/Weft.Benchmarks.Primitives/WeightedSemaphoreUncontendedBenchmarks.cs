using BenchmarkDotNet.Attributes;
using Weft.Concurrency;

namespace Weft.Benchmarks.Primitives;

/// <summary>One permit taken and given back with nobody else around: Weft's <see cref="Concurrency.WeightedSemaphore"/>
/// against <see cref="System.Threading.SemaphoreSlim"/> (the baseline), the fast path of each.</summary>
/// <remarks>Both acquisitions complete synchronously, so the benchmark reads their tasks' results instead of awaiting
/// them. Not sealed: BenchmarkDotNet does not accept sealed benchmark classes.</remarks>
public class WeightedSemaphoreUncontendedBenchmarks
{
    private readonly SemaphoreSlim _slim = new(1, 1);
    private readonly WeightedSemaphore _weighted = new(1);

    /// <summary><see cref="System.Threading.SemaphoreSlim.WaitAsync()"/> then <see cref="System.Threading.SemaphoreSlim.Release()"/>.</summary>
    [Benchmark(Baseline = true)]
    public void SemaphoreSlim()
    {
        _slim.WaitAsync().GetAwaiter().GetResult();
        _slim.Release();
    }

    /// <summary><see cref="Concurrency.WeightedSemaphore.AcquireAsync"/> then <see cref="Concurrency.WeightedSemaphore.Release"/> of one permit.</summary>
    [Benchmark]
    public void WeightedSemaphore()
    {
        _weighted.AcquireAsync(1).GetAwaiter().GetResult();
        _weighted.Release(1);
    }

    /// <summary><see cref="Concurrency.WeightedSemaphore.TryAcquire"/> then <see cref="Concurrency.WeightedSemaphore.Release"/>
    /// of one permit: the synchronous path, with no task at all.</summary>
    [Benchmark]
    public void WeightedSemaphoreTryAcquire()
    {
        _weighted.TryAcquire(1);
        _weighted.Release(1);
    }
}
