using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Weft.Concurrency;

namespace Weft.Benchmarks.Primitives;

/// <summary>Running <see cref="Jobs"/> small jobs with <see cref="Workers"/> at a time: Weft's <see cref="Concurrency.WorkerPool"/>
/// against a plain pool fed by a bounded <see cref="Channel{T}"/> (the baseline: the same shape, a stream of jobs with
/// backpressure) and <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
/// over the same jobs as a known collection.</summary>
/// <remarks>Each run creates the pool (or channel and readers), submits every job from one producer that awaits each
/// submission, then drains and waits for the workers to exit, so a run includes starting and stopping the workers. A
/// job only increments a counter and returns a completed task: the figures are the cost of moving a job from its
/// producer to a worker. The time of an operation is the wall time of a run divided by <see cref="Jobs"/>. The channel
/// pool is the minimal correct version and has none of <see cref="Concurrency.WorkerPool"/>'s stop, drop, failure
/// collection or cancellation-race semantics. Not sealed: BenchmarkDotNet does not accept sealed benchmark classes.</remarks>
public class WorkerPoolBenchmarks
{
    /// <summary>Jobs per run.</summary>
    public const int Jobs = 10_000;

    /// <summary>Jobs that may wait for a worker before the producer has to wait.</summary>
    public const int QueueCapacity = 64;

    private Func<CancellationToken, Task> _job = null!;
    private Func<CancellationToken, Task>[] _jobs = null!;
    private ParallelOptions _parallelOptions = null!;

    /// <summary>How many jobs have run, so that the job has an effect.</summary>
    private long _done;

    /// <summary>How many jobs run at once: one per core on this machine's two cores, and twice that.</summary>
    [Params(2, 4)]
    public int Workers { get; set; }

    /// <summary>Creates the job and the options, once per case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _job = _ =>
        {
            Interlocked.Increment(ref _done);
            return Task.CompletedTask;
        };
        _jobs = Enumerable.Repeat(_job, Jobs).ToArray();
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = Workers };
    }

    /// <summary>A bounded channel read by <see cref="Workers"/> tasks.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Jobs)]
    public async Task ChannelPool()
    {
        var channel = Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        var readers = new Task[Workers];
        for (int i = 0; i < readers.Length; i++)
        {
            readers[i] = Task.Run(async () =>
            {
                await foreach (var job in channel.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    await job(CancellationToken.None).ConfigureAwait(false);
                }
            });
        }

        for (int i = 0; i < Jobs; i++)
        {
            await channel.Writer.WriteAsync(_job).ConfigureAwait(false);
        }

        channel.Writer.Complete();
        await Task.WhenAll(readers).ConfigureAwait(false);
    }

    /// <summary>Weft's <see cref="Concurrency.WorkerPool"/>: <see cref="Concurrency.WorkerPool.SubmitAsync"/> for each
    /// job, then <see cref="Concurrency.WorkerPool.CompleteAsync"/>.</summary>
    [Benchmark(OperationsPerInvoke = Jobs)]
    public async Task WorkerPool()
    {
        var pool = new WorkerPool(Workers, QueueCapacity);
        for (int i = 0; i < Jobs; i++)
        {
            await pool.SubmitAsync(_job).ConfigureAwait(false);
        }

        await pool.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary><see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
    /// over an array of the jobs.</summary>
    [Benchmark(OperationsPerInvoke = Jobs)]
    public Task ParallelForEachAsync() =>
        Parallel.ForEachAsync(_jobs, _parallelOptions, static async (job, token) => await job(token).ConfigureAwait(false));
}
