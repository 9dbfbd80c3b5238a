using System.Collections.Immutable;
using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class SnapshotHolderTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Current_NewHolder_IsTheInitialValueAtVersionZero()
    {
        var holder = new SnapshotHolder<string>("a");

        Assert.Equal("a", holder.Current.Value);
        Assert.Equal(0, holder.Current.Version);
    }

    [Fact]
    public void Swap_ReturnsTheReplacedSnapshotAndPublishesTheNextVersion()
    {
        var holder = new SnapshotHolder<string>("a");
        var before = holder.Current;

        var replaced = holder.Swap("b");

        Assert.Same(before, replaced);
        Assert.Equal("b", holder.Current.Value);
        Assert.Equal(1, holder.Current.Version);
    }

    [Fact]
    public void TryReplace_ExpectedIsCurrent_PublishesAndReturnsTheNewSnapshot()
    {
        var holder = new SnapshotHolder<int>(1);

        Assert.True(holder.TryReplace(holder.Current, 2, out var published));

        Assert.Same(holder.Current, published);
        Assert.Equal((2, 1L), (published.Value, published.Version));
    }

    [Fact]
    public void TryReplace_AnotherWriterPublishedSince_FailsAndChangesNothing()
    {
        var holder = new SnapshotHolder<int>(1);
        var stale = holder.Current;
        holder.Swap(5);

        Assert.False(holder.TryReplace(stale, 2, out var published));

        Assert.Null(published);
        Assert.Equal((5, 1L), (holder.Current.Value, holder.Current.Version));
    }

    [Fact]
    public void TryReplace_SameValuePublishedAgainInBetween_StillDetectsTheConflict()
    {
        var holder = new SnapshotHolder<int>(1);
        var stale = holder.Current;
        holder.Swap(1);

        Assert.False(holder.TryReplace(stale, 2, out _));
    }

    [Fact]
    public void Update_AnotherWriterPublishesDuringTheUpdate_RetriesOnTheNewValueAndLosesNoUpdate()
    {
        var holder = new SnapshotHolder<ImmutableList<string>>([]);
        var seen = new List<ImmutableList<string>>();

        var published = holder.Update(list =>
        {
            seen.Add(list);
            if (seen.Count == 1)
            {
                holder.Update(l => l.Add("concurrent"));
            }

            return list.Add("mine");
        });

        Assert.Equal(2, seen.Count);
        Assert.Equal(["concurrent", "mine"], published.Value);
        Assert.Equal(2, published.Version);
        Assert.Same(published, holder.Current);
    }

    [Fact]
    public void Update_NullFunction_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>("update", () => new SnapshotHolder<int>(0).Update(null!));

    [Fact]
    public async Task Update_FromFourThreads_LosesNoUpdate()
    {
        var holder = new SnapshotHolder<ImmutableHashSet<int>>([]);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                holder.Update(set => set.Add((t * 1000) + i));
            }
        })));

        Assert.Equal(2000, holder.Current.Value.Count);
        Assert.Equal(2000, holder.Current.Version);
    }

    [Fact]
    public void Explore_ReadersAndWriters_ReadersSeeWholeVersionsAndNoUpdateIsLost()
    {
        var report = Explorer.Explore(async () =>
        {
            var holder = new SnapshotHolder<(int Low, int High)>((0, 0));
            async Task WriteAsync()
            {
                await Task.Yield();
                holder.Update(c => (c.Low + 1, c.High + 1));
                await Task.Yield();
                var current = holder.Current.Value;
                holder.Swap((current.Low + 10, current.High + 10));
            }

            async Task ReadAsync()
            {
                for (int i = 0; i < 3; i++)
                {
                    var snapshot = holder.Current;
                    Check.Equal(snapshot.Value.Low, snapshot.Value.High, "the two halves of one snapshot");
                    await Task.Yield();
                }
            }

            await Task.WhenAll(Task.Run(WriteAsync), Task.Run(WriteAsync), Task.Run(ReadAsync));
            Check.Equal(4L, holder.Current.Version, "publications");
        }, ExplorationRun.Options(_traces, seed: 14, iterations: 40));

        Assert.True(report.IsClean, report.ToString());
    }
}
