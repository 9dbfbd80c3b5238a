using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Exploration;

public sealed class ExplorerTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-explorer-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_ReadAwaitWriteCounter_ReportsAssertionFailureWithTrace()
    {
        var report = Explorer.Explore(LostUpdateAsync, Options(detectDataRaces: false));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Equal("count was 1, expected 2.", bug.Message);
        Assert.True(File.Exists(bug.TraceFile));
        Assert.Equal(typeof(ExplorerTests).FullName, report.Test.TypeName);
        Assert.Equal(nameof(Explore_ReadAwaitWriteCounter_ReportsAssertionFailureWithTrace), report.Test.MethodName);
        Assert.Contains($"replay: weft replay {bug.TraceFile}", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_InterlockedCounter_IsCleanAfterEveryIteration()
    {
        var report = Explorer.Explore(AtomicIncrementsAsync, Options(iterations: 100));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
        Assert.Empty(Directory.GetFiles(_traces));
    }

    [Fact]
    public void Explore_SameSeedTwice_GivesTheSameReport()
    {
        var first = Explorer.Explore(LostUpdateAsync, Options(seed: 11, detectDataRaces: false));
        var second = Explorer.Explore(LostUpdateAsync, Options(seed: 11, detectDataRaces: false));

        var a = Assert.Single(first.Bugs);
        var b = Assert.Single(second.Bugs);
        Assert.Equal(a.Iteration, b.Iteration);
        Assert.Equal(a.Kind, b.Kind);
        Assert.Equal(a.Message, b.Message);
        Assert.Equal(first.Iterations, second.Iterations);
        Assert.NotEqual(a.TraceFile, b.TraceFile);
        Assert.Equal(TraceFile.Load(a.TraceFile!).Schedule, TraceFile.Load(b.TraceFile!).Schedule);
    }

    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Probabilistic)]
    [InlineData(StrategyKind.Pct)]
    [InlineData(StrategyKind.FairPct)]
    [InlineData(StrategyKind.Portfolio)]
    public void Explore_EveryStrategy_FindsTheLostUpdateAndReplaysIt(StrategyKind strategy)
    {
        var report = Explorer.Explore(LostUpdateAsync, Options(strategy: strategy, iterations: 500, detectDataRaces: false));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(strategy, report.Strategy);
        var replay = Explorer.Replay(bug.TraceFile!, LostUpdateAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_TestThrows_ReportsUnhandledExceptionWithTypeAndMessage()
    {
        var report = Explorer.Explore(() => throw new InvalidOperationException("the queue is closed"), Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Equal("System.InvalidOperationException: the queue is closed", bug.Message);
        Assert.Equal(1, bug.Iteration);
        Assert.Contains("at ", bug.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_CheckEqualOfValuesPrintedWithBraces_ReportsTheMessageVerbatim()
    {
        var report = Explorer.Explore(() => Check.Equal(new Setting(2), new Setting(1), "setting"), Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Equal("setting was Setting { Value = 1 }, expected Setting { Value = 2 }.", bug.Message);
        var replay = Explorer.Replay(bug.TraceFile!, () => Check.Equal(new Setting(2), new Setting(1), "setting"));
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_TestThrowsWithBracesInTheMessage_ReportsTheMessageVerbatim()
    {
        var report = Explorer.Explore(() => throw new InvalidOperationException("no value for {0} in {key}"), Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Equal("System.InvalidOperationException: no value for {0} in {key}", bug.Message);
    }

    [Fact]
    public void Explore_XunitAssertFails_ReportsAssertionFailure()
    {
        var report = Explorer.Explore(async () =>
        {
            await Task.Yield();
            Assert.Equal(1, 2);
        }, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.StartsWith("Assert.Equal() Failure", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_OppositeLockOrder_ReportsDeadlockAndReplaysIt()
    {
        var report = Explorer.Explore(OppositeLockOrder, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.StartsWith("Deadlock detected.", bug.Message, StringComparison.Ordinal);
        var replay = Explorer.Replay(bug.TraceFile!, OppositeLockOrder);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_SpinWaitOnAFlagNobodySets_ReportsHangAtTheStepBound()
    {
        var report = Explorer.Explore(SpinForeverAsync, Options(maxSteps: 300));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Hang, bug.Kind);
        Assert.StartsWith("Scheduling steps bound of ", bug.Message, StringComparison.Ordinal);
        Assert.Contains("spin loop", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_StepBoundNotABug_AbandonsTheIterationsSilently()
    {
        var report = Explorer.Explore(SpinForeverAsync, Options(iterations: 3, maxSteps: 300, stepBoundIsHang: false));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(3, report.Iterations);
    }

    [Fact]
    public void Explore_TwoDistinctBugsAndMaxBugsTwo_ReportsBothEachWithItsOwnTrace()
    {
        var report = Explorer.Explore(WinnerTakesAllAsync, Options(iterations: 200, maxBugs: 2));

        Assert.Equal(2, report.Bugs.Count);
        Assert.Equal(
            ["winner was 1", "winner was 2"],
            report.Bugs.Select(b => b.Message).Order(StringComparer.Ordinal));
        Assert.Equal(2, report.Bugs.Select(b => b.TraceFile).Distinct().Count());
        foreach (var bug in report.Bugs)
        {
            var replay = Explorer.Replay(bug.TraceFile!, WinnerTakesAllAsync);
            Assert.True(replay.Reproduced, replay.ToString());
            Assert.Equal(bug.Message, replay.Actual!.Message);
        }
    }

    [Fact]
    public void Explore_InvalidOptions_ThrowsBeforeRunningTheTest()
    {
        bool ran = false;

        var error = Assert.Throws<ArgumentException>(() => Explorer.Explore(() => { ran = true; }, Options(iterations: -1)));

        Assert.Equal("Invalid ExplorationOptions:\nIterations must be at least 1 (was -1).", error.Message);
        Assert.False(ran);
    }

    [Fact]
    public void Explore_TestCallsAnApiTheSchedulerDoesNotControl_ListsItInTheReport()
    {
        var report = Explorer.Explore(() => ExecutionContext.Capture()?.Dispose(), Options(iterations: 2));

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains(report.UncontrolledCalls, call => call.Contains("ExecutionContext", StringComparison.Ordinal));
        Assert.Contains("warning: 1 uncontrolled call(s)", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_FullyControlledTest_ListsNoUncontrolledCall() =>
        Assert.Empty(Explorer.Explore(AtomicIncrementsAsync, Options(iterations: 10)).UncontrolledCalls);

    [Fact]
    public void Explore_DelegateFromAnAssemblyNotRewritten_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Explorer.Explore((Action)GC.Collect, Options()));

        Assert.StartsWith("Assembly 'System.Private.CoreLib' was not rewritten for exploration", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_traces));
    }

    [Fact]
    public void AssertNoBugs_BuggyTest_ThrowsWithReportAndReplayCommand()
    {
        var error = Assert.Throws<BugFoundException>(() => Explorer.AssertNoBugs(LostUpdateAsync, Options(detectDataRaces: false)));

        Assert.Contains("[assertion-failure]", error.Message, StringComparison.Ordinal);
        Assert.Contains("count was 1, expected 2.", error.Message, StringComparison.Ordinal);
        Assert.Contains("replay: weft replay ", error.Message, StringComparison.Ordinal);
        Assert.False(error.Report.IsClean);
    }

    [Fact]
    public void AssertNoBugs_CorrectTest_Returns() => Explorer.AssertNoBugs(AtomicIncrementsAsync, Options(iterations: 20));

    [Fact]
    public void Replay_TraceOfAnotherTest_IsRefusedWithOneLine()
    {
        var bug = Assert.Single(Explorer.Explore(LostUpdateAsync, Options()).Bugs);

        var error = Assert.Throws<TraceFileException>(() => Explorer.Replay(bug.TraceFile!, LostUpdateAsync, "SomeOtherTest"));

        Assert.Equal(
            $"trace file '{bug.TraceFile}' was recorded for test '{typeof(ExplorerTests).FullName}.{nameof(Replay_TraceOfAnotherTest_IsRefusedWithOneLine)}', not '{typeof(ExplorerTests).FullName}.SomeOtherTest'.",
            error.Message);
    }

    private ExplorationOptions Options(
        uint seed = 7, int iterations = 200, StrategyKind strategy = StrategyKind.Random, int maxSteps = 10_000, bool stepBoundIsHang = true, int maxBugs = 1,
        bool detectDataRaces = true) =>
        new()
        {
            DetectDataRaces = detectDataRaces,
            Seed = seed,
            Iterations = iterations,
            Strategy = strategy,
            MaxSteps = maxSteps,
            ReportStepBoundAsHang = stepBoundIsHang,
            MaxBugs = maxBugs,
            TraceDirectory = _traces,
        };

    private sealed record Setting(int Value);

    /// <summary>A lost update that an assertion catches. The unsynchronised read and write are also a data race, which race
    /// detection reports first; the tests about the assertion turn it off (RaceDetectionTests cover the race).</summary>
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

    private static void OppositeLockOrder()
    {
        object a = new(), b = new();
        var first = Task.Run(() =>
        {
            lock (a)
            {
                lock (b)
                {
                }
            }
        });
        var second = Task.Run(() =>
        {
            lock (b)
            {
                lock (a)
                {
                }
            }
        });
        Task.WaitAll(first, second);
    }

    private static async Task SpinForeverAsync()
    {
        bool flag = false;
        var spinner = Task.Run(async () =>
        {
            while (!Volatile.Read(ref flag))
            {
                await Task.Yield();
            }
        });
        await spinner;
    }

    private static async Task WinnerTakesAllAsync()
    {
        int winner = 0;
        await Task.WhenAll(
            Task.Run(() => Interlocked.CompareExchange(ref winner, 1, 0)),
            Task.Run(() => Interlocked.CompareExchange(ref winner, 2, 0)));
        Check.That(false, $"winner was {winner}");
    }
}
