using Weft.Exploration;
using Weft.Instrumentation;
using Weft.Reporting;

namespace Weft.Tests.Instrumentation;

public sealed class LoopHooksTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-loop-hooks-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_SpinOnAVolatileFieldAnotherTaskSets_IsClean()
    {
        var report = Explorer.Explore(SpinOnVolatileFlagAsync, Options(iterations: 50));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(50, report.Iterations);
    }

    [Fact]
    public void Explore_SpinOnAPlainFieldAnotherTaskSets_ReportsTheDataRaceOnTheFlag()
    {
        var report = Explorer.Explore(SpinOnPlainFlagAsync, Options(iterations: 50));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.StartsWith("Data race on Weft.Tests.Instrumentation.LoopHooksTests.Flags.Ready:", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_SpinHoldingTheLockItsSetterNeeds_ReportsAHangNamingTheLoop()
    {
        var report = Explorer.Explore(SpinHoldingTheLockAsync, Options(maxSteps: 1_000));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Hang, bug.Kind);
        Assert.StartsWith("A task looped 100,000 times in a row in the loop at LoopHooksTests.cs:", bug.Message, StringComparison.Ordinal);
        Assert.Contains("(LoopHooksTests.SpinHoldingTheLockAsync (lambda)) without reaching a scheduling point, while no other task could run: usually a spin loop without a yield", bug.Message, StringComparison.Ordinal);
        var replay = Explorer.Replay(bug.TraceFile!, SpinHoldingTheLockAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_TwoTasksSpinningOnFlagsNobodySets_ReportsTheStepBoundNamingALoop()
    {
        var report = Explorer.Explore(SpinOnEachOtherAsync, Options(maxSteps: 300));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Hang, bug.Kind);
        Assert.StartsWith("Scheduling steps bound of ", bug.Message, StringComparison.Ordinal);
        Assert.Contains("A task was still spinning in the loop at LoopHooksTests.cs:", bug.Message, StringComparison.Ordinal);
        Assert.Contains("usually a spin loop without a yield", bug.Message, StringComparison.Ordinal);
        var replay = Explorer.Replay(bug.TraceFile!, SpinOnEachOtherAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_SpinHoldingTheLockWithStepBoundsNotBugs_AbandonsTheIterationsSilently()
    {
        var report = Explorer.Explore(SpinHoldingTheLockAsync, Options(iterations: 3, maxSteps: 300, stepBoundIsHang: false));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(3, report.Iterations);
    }

    [Fact]
    public void Explore_LongLoopWhileNothingElseCanRunBelowTheBound_IsClean()
    {
        // 50,000 iterations alone, under a bound of 1,000 steps x 100 iterations.
        var report = Explorer.Explore(() => SumAloneAsync(50_000), Options(iterations: 5, maxSteps: 1_000));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_LongLoopWhileNothingElseCanRunAboveTheBound_ReportsAHangThatSaysToRaiseMaxSteps()
    {
        var report = Explorer.Explore(() => SumAloneAsync(200_000), Options(iterations: 5, maxSteps: 1_000));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Hang, bug.Kind);
        Assert.EndsWith("(if the loop is long work, raise MaxSteps).", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_LongLoopInAConditionTheSchedulerEvaluates_NeverYieldsInsideTheScheduler()
    {
        // The condition reads plainly: a Volatile.Read there would be a scheduling point inside the scheduler. Nothing
        // orders those reads, so race detection is off; the test is about the loop.
        var report = Explorer.Explore(SpinUntilWithALoopingConditionAsync, Options(iterations: 20, detectDataRaces: false));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(20, report.Iterations);
    }

    [Fact]
    public async Task BackEdge_OutsideAnExploration_OnlyCounts()
    {
        for (int i = 0; i < 10 * LoopHooks.CheckInterval; i++)
        {
            LoopHooks.BackEdge("LoopHooksTests.cs:1 (LoopHooksTests.BackEdge_OutsideAnExploration_OnlyCounts)");
        }

        Assert.Equal(49_995_000, await SumAloneAsync(10_000));
    }

    private ExplorationOptions Options(int iterations = 200, int maxSteps = 10_000, bool stepBoundIsHang = true, bool detectDataRaces = true) => new()
    {
        DetectDataRaces = detectDataRaces,
        Seed = 3,
        Iterations = iterations,
        Strategy = StrategyKind.Random,
        MaxSteps = maxSteps,
        ReportStepBoundAsHang = stepBoundIsHang,
        TraceDirectory = _traces,
    };

    private static async Task SpinOnVolatileFlagAsync()
    {
        var flags = new Flags();
        var spinner = Task.Run(() =>
        {
            while (!flags.VolatileReady)
            {
            }
        });
        var setter = Task.Run(() => flags.VolatileReady = true);
        await Task.WhenAll(spinner, setter);
    }

    private static async Task SpinOnPlainFlagAsync()
    {
        var flags = new Flags();
        var spinner = Task.Run(() =>
        {
            while (!flags.Ready)
            {
            }
        });
        var setter = Task.Run(() => flags.Ready = true);
        await Task.WhenAll(spinner, setter);
    }

    private static async Task SpinHoldingTheLockAsync()
    {
        var flags = new Flags();
        var gate = new object();
        var spinner = Task.Run(() =>
        {
            lock (gate)
            {
                while (!flags.Ready)
                {
                }
            }
        });
        var setter = Task.Run(() =>
        {
            lock (gate)
            {
                flags.Ready = true;
            }
        });
        await Task.WhenAll(spinner, setter);
    }

    private static async Task SpinOnEachOtherAsync()
    {
        var flags = new Flags();
        var first = Task.Run(() =>
        {
            while (!flags.Ready)
            {
            }
        });
        var second = Task.Run(() =>
        {
            while (!flags.VolatileReady)
            {
            }
        });
        await Task.WhenAll(first, second);
    }

    /// <summary><see cref="SpinWait.SpinUntil(Func{bool})"/> pauses its task until the condition holds; the scheduler
    /// evaluates the condition, a loop of 1,000 iterations, while it decides.</summary>
    private static async Task SpinUntilWithALoopingConditionAsync()
    {
        var flags = new bool[1_000];
        var waiter = Task.Run(() => SpinWait.SpinUntil(() =>
        {
            for (int i = 0; i < flags.Length; i++)
            {
                if (!flags[i])
                {
                    return false;
                }
            }

            return true;
        }));
        var setter = Task.Run(() =>
        {
            for (int i = 0; i < flags.Length; i++)
            {
                flags[i] = true;
            }
        });
        await Task.WhenAll(waiter, setter);
    }

    private static Task<long> SumAloneAsync(int count) => Task.Run(() =>
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += i;
        }

        return sum;
    });

    private sealed class Flags
    {
        public bool Ready;

        public volatile bool VolatileReady;
    }
}
