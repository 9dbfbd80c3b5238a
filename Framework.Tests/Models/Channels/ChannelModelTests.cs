using System.Reflection;
using System.Threading.Channels;
using Weft.Exploration;
using Weft.Instrumentation;
using Weft.Models.Channels;
using Weft.Reporting;

namespace Weft.Tests.Models.Channels;

/// <summary>Channel code under exploration: the build step redirects <c>Channel.Create*</c> in this assembly to the model.</summary>
public sealed class ChannelModelTests : IDisposable
{
    private const int Items = 4;

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-channel-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    public static TheoryData<int, StrategyKind> CapacitiesAndStrategies => new()
    {
        { 1, StrategyKind.Random },
        { 2, StrategyKind.Random },
        { 1, StrategyKind.Portfolio },
        { 2, StrategyKind.Portfolio },
    };

    /// <summary>The model's waits are tasks of a <see cref="TaskCompletionSource{TResult}"/> in Weft.dll; the scheduler controls
    /// them only because the build step rewrites Weft.dll with Coyote.</summary>
    [Fact]
    public void BuildStep_WeftAssembly_IsRewrittenByCoyoteAndTheChannelPass()
    {
        var weft = typeof(ChannelModel).Assembly;

        Assert.Contains(weft.GetCustomAttributesData(), a => a.AttributeType.FullName == "Microsoft.Coyote.Rewriting.RewritingSignatureAttribute");
        Assert.Contains("channels", weft.GetCustomAttribute<WeftInstrumentedAttribute>()!.Passes.Split(','));
    }

    /// <summary>If the waiter's task were not controlled, Coyote could only suspect a hang after the deadlock timeout.</summary>
    [Fact]
    public void Explore_ReadThatNoWriteSatisfies_IsADeadlockNotAPotentialHang()
    {
        var report = Explorer.Explore(ReadFromEmptyChannelAsync, Options(seed: 3, iterations: 10, deadlockTimeout: TimeSpan.FromMinutes(1)));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.StartsWith("Deadlock detected.", bug.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Iterations);
    }

    [Theory]
    [MemberData(nameof(CapacitiesAndStrategies))]
    public void Explore_BoundedProducerAndReadAllConsumer_IsClean(int capacity, StrategyKind strategy)
    {
        var report = Explorer.Explore(async () =>
        {
            var channel = Channel.CreateBounded<int>(capacity);
            var producer = Task.Run(() => ProduceAsync(channel.Writer));
            var received = new List<int>();
            await foreach (int item in channel.Reader.ReadAllAsync())
            {
                received.Add(item);
            }

            await producer;
            await channel.Reader.Completion;
            Check.Equal("0,1,2,3", string.Join(',', received), "items read in order");
        }, Options(seed: 7, iterations: 100, strategy));

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.UncontrolledCalls);
        Assert.Equal(100, report.Iterations);
    }

    [Fact]
    public void Explore_ConsumerStopsOneItemEarly_ReportsDeadlockAndReplaysIt()
    {
        var report = Explorer.Explore(ConsumerStopsEarlyAsync, Options(seed: 5, iterations: 100));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.StartsWith("Deadlock detected.", bug.Message, StringComparison.Ordinal);
        var replay = Explorer.Replay(bug.TraceFile!, ConsumerStopsEarlyAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_TwoProducersTwoConsumers_DeliverEveryItemExactlyOnce()
    {
        var report = Explorer.Explore(async () =>
        {
            var channel = Channel.CreateBounded<int>(1);
            var writing = Task.WhenAll(
                Task.Run(async () =>
                {
                    for (int i = 0; i < 3; i++)
                    {
                        await channel.Writer.WriteAsync(i);
                    }
                }),
                Task.Run(async () =>
                {
                    for (int i = 10; i < 13; i++)
                    {
                        while (!channel.Writer.TryWrite(i))
                        {
                            Check.That(await channel.Writer.WaitToWriteAsync(), "the channel is open for writing");
                        }
                    }
                }));
            var reading = Task.WhenAll(Task.Run(() => ConsumeAsync(channel.Reader)), Task.Run(() => ConsumeAsync(channel.Reader)));

            await writing;
            channel.Writer.Complete();
            int[][] received = await reading;
            Check.Equal("0,1,2,10,11,12", string.Join(',', received.SelectMany(r => r).Order()), "items read, each once");
        }, Options(seed: 11, iterations: 100));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_CountThenTryReadFromTwoConsumers_ReportsTheRace()
    {
        var report = Explorer.Explore(CountThenReadAsync, Options(seed: 2, iterations: 200));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Contains("an item counted is there to read", bug.Message, StringComparison.Ordinal);
        var replay = Explorer.Replay(bug.TraceFile!, CountThenReadAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    /// <summary>Litmus: a write canceled while it is blocked either throws and never delivers its item, or is delivered and
    /// returns normally; exploration must show both.</summary>
    [Fact]
    public void Explore_WriteCanceledWhileBlocked_EitherThrowsOrDeliversNeverBoth()
    {
        var outcomes = new HashSet<string>();
        var report = Explorer.Explore(async () =>
        {
            var channel = Channel.CreateBounded<int>(1);
            channel.Writer.TryWrite(0);
            using var cancellation = new CancellationTokenSource();
            var write = Task.Run(async () =>
            {
                try
                {
                    await channel.Writer.WriteAsync(1, cancellation.Token);
                    return true;
                }
                catch (OperationCanceledException ex) when (ex.CancellationToken == cancellation.Token)
                {
                    return false;
                }
            });
            var reader = Task.Run(() => channel.Reader.ReadAsync().AsTask());
            var cancel = Task.Run(cancellation.Cancel);

            bool delivered = await write;
            await cancel;
            Check.Equal(0, await reader, "the first item read");
            channel.Writer.Complete();
            bool read = channel.Reader.TryRead(out int next) && next == 1;
            Check.Equal(delivered, read, "whether the canceled write's item was read");
            outcomes.Add(delivered ? "delivered" : "canceled");
        }, Options(seed: 13, iterations: 100));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(["canceled", "delivered"], outcomes.Order());
    }

    [Fact]
    public void Explore_DropOldestWithCallback_ReadsOrDropsEveryItemOnce()
    {
        var report = Explorer.Explore(async () =>
        {
            var dropped = new List<int>();
            var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest }, dropped.Add);
            var producer = Task.Run(async () =>
            {
                for (int i = 0; i < Items; i++)
                {
                    await channel.Writer.WriteAsync(i);
                }

                channel.Writer.Complete();
            });
            int[] read = await ConsumeAsync(channel.Reader);
            await producer;
            Check.Equal("0,1,2,3", string.Join(',', read.Concat(dropped).Order()), "items read or dropped, each once");
            Check.Equal(Items - 1, read.LastOrDefault(-1), "the last item, which nothing can drop");
        }, Options(seed: 17, iterations: 100));

        Assert.True(report.IsClean, report.ToString());
    }

    private static async Task ProduceAsync(ChannelWriter<int> writer)
    {
        for (int i = 0; i < Items; i++)
        {
            await writer.WriteAsync(i);
        }

        writer.Complete();
    }

    private static async Task<int[]> ConsumeAsync(ChannelReader<int> reader)
    {
        var received = new List<int>();
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out int item))
            {
                received.Add(item);
            }
        }

        return [.. received];
    }

    private static async Task ReadFromEmptyChannelAsync()
    {
        var channel = Channel.CreateUnbounded<int>();
        await channel.Reader.ReadAsync();
    }

    /// <summary>Bug (deadlock): the consumer stops one item early, so the channel never empties and the test waits for its
    /// completion forever.</summary>
    private static async Task ConsumerStopsEarlyAsync()
    {
        var channel = Channel.CreateBounded<int>(1);
        var producer = Task.Run(() => ProduceAsync(channel.Writer));
        int read = 0;
        await foreach (int item in channel.Reader.ReadAllAsync())
        {
            if (++read == Items - 1)
            {
                break; // BUG: off by one, the last item stays in the channel
            }
        }

        await producer;
        await channel.Reader.Completion;
    }

    /// <summary>Bug (assertion failure): each consumer checks the count, then reads; the other consumer can take the item
    /// in between.</summary>
    private static async Task CountThenReadAsync()
    {
        var channel = Channel.CreateUnbounded<int>();
        channel.Writer.TryWrite(1);
        async Task ConsumeOnceAsync()
        {
            await Task.Yield();
            if (channel.Reader.Count > 0)
            {
                Check.That(channel.Reader.TryRead(out _), "an item counted is there to read");
            }
        }

        await Task.WhenAll(Task.Run(ConsumeOnceAsync), Task.Run(ConsumeOnceAsync));
    }

    private ExplorationOptions Options(uint seed, int iterations, StrategyKind strategy = StrategyKind.Random, TimeSpan? deadlockTimeout = null) => new()
    {
        Seed = seed,
        Iterations = iterations,
        Strategy = strategy,
        DeadlockTimeout = deadlockTimeout ?? ExplorationDefaults.DeadlockTimeout,
        TraceDirectory = _traces,
    };
}
