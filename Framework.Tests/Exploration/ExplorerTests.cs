using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Exploration;

public sealed class ExplorerTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-explorer-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    private ExplorationOptions Options(uint seed = 7, int iterations = 200) =>
        new() { Seed = seed, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };

    [Fact]
    public void Explore_ReadAwaitWriteCounter_ReportsAssertionFailureWithTrace()
    {
        var report = Explorer.Explore(LostUpdateAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Equal("count was 1, expected 2.", bug.Message);
        Assert.True(File.Exists(bug.TraceFile));
        Assert.Equal(nameof(Explore_ReadAwaitWriteCounter_ReportsAssertionFailureWithTrace), report.Test.MethodName);
    }

    [Fact]
    public void Explore_InterlockedCounter_IsClean()
    {
        var report = Explorer.Explore(AtomicIncrementsAsync, Options(iterations: 100));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
    }

    private static async Task LostUpdateAsync()
    {
        var box = new int[1];
        async Task IncrementAsync()
        {
            int read = box[0];
            await Task.Yield();
            box[0] = read + 1;
        }

        await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));
        Check.Equal(2, box[0], "count");
    }

    private static async Task AtomicIncrementsAsync()
    {
        var box = new int[1];
        async Task IncrementAsync()
        {
            await Task.Yield();
            Interlocked.Increment(ref box[0]);
        }

        await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));
        Check.Equal(2, box[0], "count");
    }
}
