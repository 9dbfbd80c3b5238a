using System.Runtime.CompilerServices;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Checking;

public sealed class LeakDetectionTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-leak-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_TaskAwaitingACompletionSourceNobodyCompletes_ReportsLeakedTaskAndReplaysIt()
    {
        var report = Explorer.Explore(AbandonedWaiterAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.LeakedTask, bug.Kind);
        Assert.Equal(
            $"1 task was still pending when the test returned: Task.Run at LeakDetectionTests.AbandonedWaiterAsync (LeakDetectionTests.cs:{s_waiterLine}); "
            + $"it waits on a TaskCompletionSource at LeakDetectionTests.AbandonedWaiterAsync (LeakDetectionTests.cs:{s_waiterLine}).",
            bug.Message);
        Assert.Equal(1, bug.Iteration);
        var replay = Explorer.Replay(bug.TraceFile!, AbandonedWaiterAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_LeakedTask_NamesTheMethodItWasRunning()
    {
        var report = Explorer.Explore(StuckConsumerAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.LeakedTask, bug.Kind);
        Assert.Contains(nameof(ConsumeForeverAsync), bug.Message + bug.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_TaskStillRunningWhenTheTestReturnsButAbleToFinish_IsNotALeak()
    {
        var report = Explorer.Explore(async () =>
        {
            var signal = new TaskCompletionSource();
            _ = Task.Run(async () => await signal.Task);
            await Task.Yield();
            signal.SetResult();
        }, Options(iterations: 50));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_LeakInAnIgnoredMethod_IsNotReported()
    {
        var report = Explorer.Explore(StuckConsumerAsync, new ExplorationOptions
        {
            Seed = 3,
            Iterations = 20,
            Strategy = StrategyKind.Random,
            TraceDirectory = _traces,
            IgnoreLeakedTasksIn = [nameof(ConsumeForeverAsync)],
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_LeakDetectionOff_DoesNotReportTheLeak()
    {
        var report = Explorer.Explore(AbandonedWaiterAsync, new ExplorationOptions
        {
            Seed = 3,
            Iterations = 20,
            Strategy = StrategyKind.Random,
            TraceDirectory = _traces,
            DetectLeakedTasks = false,
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_TestAwaitsTheBlockedTask_IsADeadlockNotALeak()
    {
        var report = Explorer.Explore(async () =>
        {
            var never = new TaskCompletionSource();
            await Task.Run(async () => await never.Task);
        }, Options());

        Assert.Equal(BugKind.Deadlock, Assert.Single(report.Bugs).Kind);
    }

    [Fact]
    public void Validate_EmptyIgnoredMethod_IsRejected()
    {
        var options = new ExplorationOptions { IgnoreLeakedTasksIn = ["Pump", " "] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("Invalid ExplorationOptions:\nIgnoreLeakedTasksIn must not be null or contain an empty entry.", error.Message);
    }

    /// <summary>The source line of the abandoned waiter, which the report must name; set by the test itself.</summary>
    private static int s_waiterLine;

    private static async Task AbandonedWaiterAsync()
    {
        var never = new TaskCompletionSource();
        _ = Task.Run(async () => await never.Task); s_waiterLine = CurrentLine();
        await Task.Yield();
    }

    private static int CurrentLine([CallerLineNumber] int line = 0) => line;

    private static async Task StuckConsumerAsync()
    {
        var gate = new SemaphoreSlim(0);
        _ = Task.Run(() => ConsumeForeverAsync(gate));
        await Task.Yield();
    }

    private static async Task ConsumeForeverAsync(SemaphoreSlim gate)
    {
        await gate.WaitAsync();
    }

    private ExplorationOptions Options(int iterations = 20) =>
        new() { Seed = 3, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
