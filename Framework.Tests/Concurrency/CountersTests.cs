using FsCheck.Xunit;
using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class CountersTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    public static TheoryData<string> Kinds => ["interlocked", "locked", "striped"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NewCounter_StartsAtZeroAndCountsAddsAndIncrements(string kind)
    {
        var counter = Create(kind);
        Assert.Equal(0, counter.Value);

        counter.Increment();
        counter.Add(41);
        counter.Add(-2);

        Assert.Equal(40, counter.Value);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Add_PastMaxValue_WrapsAround(string kind)
    {
        var counter = Create(kind);

        counter.Add(long.MaxValue);
        counter.Increment();

        Assert.Equal(long.MinValue, counter.Value);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Increment_FromFourThreads_LosesNothing(string kind)
    {
        var counter = Create(kind);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                counter.Increment();
            }
        })));

        Assert.Equal(40_000, counter.Value);
    }

    [Fact]
    public void CreateStriped_NoStripes_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>("stripeCount", () => Counters.CreateStriped(0));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Explore_AddsFromThreeTasks_NoneIsLost(string kind)
    {
        var report = Explorer.Explore(async () =>
        {
            var counter = Create(kind);
            async Task AddAsync(long delta)
            {
                await Task.Yield();
                counter.Add(delta);
                await Task.Yield();
                counter.Increment();
            }

            await Task.WhenAll(Task.Run(() => AddAsync(10)), Task.Run(() => AddAsync(-3)), Task.Run(() => AddAsync(100)));
            Check.Equal(110L, counter.Value, "count");
        }, ExplorationRun.Options(_traces, seed: 13, iterations: 30), testName: $"{nameof(Explore_AddsFromThreeTasks_NoneIsLost)}_{kind}");

        Assert.True(report.IsClean, report.ToString());
    }

    /// <summary>Random deltas applied in order: every counter agrees with a plain sum after every step.</summary>
    [Property(MaxTest = 100, Replay = "(20260412,79)")]
    public void AnySequenceOfAdds_EveryCounterAgreesWithTheModel(long[] deltas)
    {
        ICounter[] counters = [Counters.CreateInterlocked(), Counters.CreateLocked(), Counters.CreateStriped(3)];
        long model = 0;
        foreach (long delta in deltas)
        {
            model = unchecked(model + delta);
            foreach (var counter in counters)
            {
                counter.Add(delta);
                Assert.Equal(model, counter.Value);
            }
        }
    }

    /// <summary>Random deltas split over three threads: once they are joined, every counter holds the plain sum.</summary>
    [Property(MaxTest = 30, Replay = "(20260412,83)")]
    public async Task AnyAddsFromThreeThreads_EveryCounterHoldsTheSumOnceJoined(int[] deltas)
    {
        ICounter[] counters = [Counters.CreateInterlocked(), Counters.CreateLocked(), Counters.CreateStriped(4)];
        await Task.WhenAll(Enumerable.Range(0, 3).Select(part => Task.Run(() =>
        {
            for (int i = part; i < deltas.Length; i += 3)
            {
                foreach (var counter in counters)
                {
                    counter.Add(deltas[i]);
                }
            }
        })));

        long model = deltas.Sum(d => (long)d);
        Assert.All(counters, counter => Assert.Equal(model, counter.Value));
    }

    private static ICounter Create(string kind) => kind switch
    {
        "interlocked" => Counters.CreateInterlocked(),
        "locked" => Counters.CreateLocked(),
        "striped" => Counters.CreateStriped(4),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown counter kind"),
    };
}
