using BenchmarkDotNet.Attributes;
using Weft.Concurrency;

namespace Weft.Benchmarks.Primitives;

/// <summary>One permit shared by 2 or 4 tasks that take it in turn: Weft's <see cref="Concurrency.WeightedSemaphore"/>
/// against <see cref="System.Threading.SemaphoreSlim"/> (the baseline), both used as an async lock.</summary>
/// <remarks>Each of <see cref="Tasks"/> tasks takes the single permit <see cref="AcquisitionsPerTask"/> times, and
/// while holding it yields once (<see cref="Task.Yield"/>, standing for the await an async lock is held across) and
/// increments a shared field; then it gives the permit back. Holding the permit across an await is what makes the
/// others wait: without it, a task's critical section is so short that the other one almost never finds the permit
/// taken, and the figures only measure the uncontended path. So nearly every acquisition waits, and a release hands the
/// permit to the first waiter (both types do that for async waiters). The yield costs both types the same thread-pool
/// hop. The time of an operation is the wall time of a run divided by <see cref="AcquisitionsPerTask"/>. Not sealed:
/// BenchmarkDotNet does not accept sealed benchmark classes.</remarks>
public class WeightedSemaphoreContendedBenchmarks
{
    /// <summary>Acquisitions each task makes per run.</summary>
    public const int AcquisitionsPerTask = 1_000;

    private readonly SemaphoreSlim _slim = new(1, 1);
    private readonly WeightedSemaphore _weighted = new(1);
    private Func<Task> _slimLoop = null!;
    private Func<Task> _weightedLoop = null!;

    /// <summary>Incremented only with the permit held.</summary>
    private long _guarded;

    /// <summary>The number of tasks competing for the permit.</summary>
    [Params(2, 4)]
    public int Tasks { get; set; }

    /// <summary>Creates the task bodies, once per case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _slimLoop = async () =>
        {
            for (int i = 0; i < AcquisitionsPerTask; i++)
            {
                await _slim.WaitAsync().ConfigureAwait(false);
                await Task.Yield();
                _guarded++;
                _slim.Release();
            }
        };
        _weightedLoop = async () =>
        {
            for (int i = 0; i < AcquisitionsPerTask; i++)
            {
                await _weighted.AcquireAsync(1).ConfigureAwait(false);
                await Task.Yield();
                _guarded++;
                _weighted.Release(1);
            }
        };
    }

    /// <summary><see cref="System.Threading.SemaphoreSlim"/> with one permit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = AcquisitionsPerTask)]
    public Task SemaphoreSlim() => RunTasks(_slimLoop);

    /// <summary><see cref="Concurrency.WeightedSemaphore"/> with one permit, taken and given back one at a time.</summary>
    [Benchmark(OperationsPerInvoke = AcquisitionsPerTask)]
    public Task WeightedSemaphore() => RunTasks(_weightedLoop);

    private Task RunTasks(Func<Task> loop)
    {
        var tasks = new Task[Tasks];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(loop);
        }

        return Task.WhenAll(tasks);
    }
}
