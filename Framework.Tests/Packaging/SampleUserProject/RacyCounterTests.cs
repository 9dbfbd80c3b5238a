using Weft;
using Weft.Exploration;
using Weft.Reporting;
using Xunit;

namespace SampleUser.Tests;

// A user's racy test: two tasks increment a shared field by reading it, yielding, then writing it back. Some
// interleavings lose an update, and every interleaving has a data race on the field, which Weft reports first, on the
// first iteration. The test passes when Weft finds the race, which it can only do if the build step rewrote (and
// instrumented) this assembly, and when the bug's trace replays it.
public sealed class RacyCounterTests
{
    private int _count;

    [Fact]
    public void Explore_ReadYieldWriteIncrements_ReportsDataRace()
    {
        var options = new ExplorationOptions
        {
            Seed = 1,
            Strategy = StrategyKind.Random,
            Iterations = 100,
            TraceDirectory = Path.Combine(AppContext.BaseDirectory, "weft-traces"),
        };

        var report = Explorer.Explore(IncrementTwiceAsync, options);

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.Equal(1, bug.Iteration);
        Assert.StartsWith("Data race on SampleUser.Tests.RacyCounterTests._count: ", bug.Message);
        Assert.Contains("RacyCounterTests.cs:", bug.Message);
        Assert.NotNull(bug.TraceFile);
        var replay = Explorer.Replay(bug.TraceFile, IncrementTwiceAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    private async Task IncrementTwiceAsync()
    {
        _count = 0;
        await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));
        Check.Equal(2, _count, "count");
    }

    private async Task IncrementAsync()
    {
        int read = _count;
        await Task.Yield();
        _count = read + 1;
    }
}
