using System.Collections.Concurrent;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Models;

public sealed class BlockingCollectionModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-blocking-collection-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_ProducerAndConsumerThroughABoundedCollection_IsCleanAndLosesNothing()
    {
        var report = Explorer.Explore(async () =>
        {
            using var queue = new BlockingCollection<int>(boundedCapacity: 1);
            var producer = Task.Run(() =>
            {
                for (int i = 1; i <= 3; i++)
                {
                    queue.Add(i);
                }

                queue.CompleteAdding();
            });
            var consumed = await Task.Run(() => queue.GetConsumingEnumerable().ToList());
            await producer;
            Check.Equal("1 2 3", string.Join(" ", consumed), "items consumed in order");
            Check.That(queue.IsCompleted, "the collection is complete once drained");
        }, Options(iterations: 50));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_TakeFromACollectionNobodyFills_ReportsDeadlock()
    {
        var report = Explorer.Explore(() =>
        {
            using var queue = new BlockingCollection<int>();
            Task.Run(() => queue.Take()).Wait();
        }, Options(iterations: 5));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
    }

    [Fact]
    public void Explore_TimedOperationsAndCompletion_BehaveLikeBlockingCollection()
    {
        var report = Explorer.Explore(() =>
        {
            using var queue = new BlockingCollection<int>(boundedCapacity: 1);
            Check.That(!queue.TryTake(out _), "an empty collection has nothing to take");
            Check.That(queue.TryAdd(1), "a collection with room takes an item");
            Check.That(!queue.TryAdd(2, TimeSpan.FromSeconds(1)), "a full collection times out a timed add nobody makes room for");
            queue.CompleteAdding();
            Check.That(queue.IsAddingCompleted, "adding is completed");
            Check.Equal(1, queue.Take(), "the item added before completion");
            Check.That(!queue.TryTake(out _, 10), "an empty complete collection has nothing to take");
            try
            {
                queue.Take();
                Check.That(false, "Take on an empty complete collection throws");
            }
            catch (InvalidOperationException)
            {
            }

            try
            {
                queue.Add(3);
                Check.That(false, "Add after CompleteAdding throws");
            }
            catch (InvalidOperationException)
            {
            }
        }, Options(iterations: 10));

        Assert.True(report.IsClean, report.ToString());
    }

    private ExplorationOptions Options(int iterations) =>
        new() { Seed = 5, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
