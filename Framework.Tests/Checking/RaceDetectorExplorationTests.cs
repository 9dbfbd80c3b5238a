using System.Runtime.CompilerServices;
using Weft.Exploration;
using Weft.Reporting;
using Weft.Scenarios;

namespace Weft.Tests.Checking;

/// <summary>Race detection end to end: the build step instruments this assembly, and exploration reports races.</summary>
public sealed class RaceDetectorExplorationTests : IDisposable
{
    private static int s_counter;

    private readonly string _traces = Directory.CreateTempSubdirectory("weft-race-tests-").FullName;

    private int _counter;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_TwoTaskRunsIncrementStaticField_ReportsDataRaceOnFirstIterationWithBothLines()
    {
        var report = Explorer.Explore(StaticIncrementsAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.Equal(1, bug.Iteration);
        string line = $"RaceDetectorExplorationTests.cs:{Line("race: static increment")}";
        Assert.StartsWith($"Data race on {typeof(RaceDetectorExplorationTests).FullName}.s_counter: ", bug.Message, StringComparison.Ordinal);
        Assert.Matches($"^Data race on [^:]+: (read|write) at {line} .* and earlier (read|write) at {line} ", bug.Message);
        Assert.Contains($"Task.Run at RaceDetectorExplorationTests.cs:{Line("race: static forks")}", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_TwoTaskRunsIncrementInstanceField_ReportsDataRaceOnFirstIteration()
    {
        var report = Explorer.Explore(InstanceIncrementsAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.Equal(1, bug.Iteration);
        Assert.StartsWith($"Data race on {typeof(RaceDetectorExplorationTests).FullName}._counter: ", bug.Message, StringComparison.Ordinal);
        Assert.Contains($"at RaceDetectorExplorationTests.cs:{Line("race: instance increment")} ", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_IncrementsWithInterlocked_IsClean() => AssertClean(async () =>
    {
        _counter = 0;
        await Task.WhenAll(Task.Run(() => Interlocked.Increment(ref _counter)), Task.Run(() => Interlocked.Increment(ref _counter)));
        Check.Equal(2, _counter, "counter");
    });

    [Fact]
    public void Explore_IncrementsUnderLockStatement_IsClean()
    {
        var gate = new object();
        AssertClean(async () =>
        {
            _counter = 0;
            void Increment()
            {
                lock (gate)
                {
                    _counter++;
                }
            }

            await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
            Check.Equal(2, _counter, "counter");
        });
    }

    [Fact]
    public void Explore_IncrementsUnderSystemThreadingLock_IsClean()
    {
        var gate = new Lock();
        AssertClean(async () =>
        {
            _counter = 0;
            void Increment()
            {
                lock (gate)
                {
                    _counter++;
                }
            }

            await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
            Check.Equal(2, _counter, "counter");
        });
    }

    [Fact]
    public void Explore_TaskRunsAwaitedOneAfterTheOther_IsClean() => AssertClean(async () =>
    {
        _counter = 0;
        await Task.Run(() => _counter++);
        await Task.Run(() => _counter++);
        Check.Equal(2, _counter, "counter");
    });

    [Fact]
    public void Explore_AsyncMethodCalledTwiceWithoutAwaiting_ReportsDataRace()
    {
        var report = Explorer.Explore(async () =>
        {
            _counter = 0;
            var first = IncrementAfterYieldAsync();
            var second = IncrementAfterYieldAsync();
            await first;
            await second;
        }, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.Equal(1, bug.Iteration);
        Assert.Contains($"at RaceDetectorExplorationTests.cs:{Line("race: async increment")} ", bug.Message, StringComparison.Ordinal);
        Assert.Contains("(in continuation after await at RaceDetectorExplorationTests.cs:", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_AsyncMethodAwaitedOneAfterTheOther_IsClean() => AssertClean(async () =>
    {
        _counter = 0;
        await IncrementAfterYieldAsync();
        await IncrementAfterYieldAsync();
        Check.Equal(2, _counter, "counter");
    });

    [Fact]
    public void Explore_RacyWritesThatNeverFailAnAssertion_ReportsDataRace()
    {
        var report = Explorer.Explore(() =>
        {
            var flags = new bool[1];
            var writers = new[] { Task.Run(() => flags[0] = true), Task.Run(() => flags[0] = true) };
            Task.WaitAll(writers);
        }, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.StartsWith("Data race on element [0] of System.Boolean[]: write at ", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TraceOfADataRace_ReproducesTheSameReport()
    {
        var bug = Assert.Single(Explorer.Explore(InstanceIncrementsAsync, Options(seed: 3)).Bugs);

        var replay = Explorer.Replay(bug.TraceFile!, InstanceIncrementsAsync);

        Assert.True(replay.Reproduced, replay.ToString());
        Assert.Equal(BugKind.DataRace, replay.Actual!.Kind);
        Assert.Equal(bug.Message, replay.Actual.Message);
        Assert.True(TraceFile.Load(bug.TraceFile!).Options.DetectDataRaces);
    }

    [Fact]
    public void Explore_DetectDataRacesOff_ReportsNothingForARacyProgram()
    {
        var report = Explorer.Explore(InstanceIncrementsAsync, Options(detectDataRaces: false, iterations: 50));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(50, report.Iterations);
    }

    [Theory]
    [InlineData("atomics/counter")]
    [InlineData("atomics/counter-with-lock")]
    [InlineData("lock-sharding/transfer")]
    public void Explore_CorrectCatalogScenario_ReportsNoRace(string id)
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind(id, out var scenario));
        Assert.True(scenario.DetectDataRaces);

        var report = scenario.Explore(Options(iterations: 200), TestContext.Current.CancellationToken);

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_BuggyTwinAboutTheRace_ReportsItOnFirstIteration()
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind("atomics/counter-plain-increment", out var scenario));

        var bug = Assert.Single(scenario.Explore(Options(), TestContext.Current.CancellationToken).Bugs);

        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.Equal(1, bug.Iteration);
        Assert.StartsWith("Data race on Weft.Scenarios.Atomics.CounterPlainIncrement._count: ", bug.Message, StringComparison.Ordinal);
    }

    private static async Task StaticIncrementsAsync()
    {
        s_counter = 0;
        await Task.WhenAll(Task.Run(IncrementStatic), Task.Run(IncrementStatic)); // race: static forks
    }

    private static void IncrementStatic() => s_counter++; // race: static increment

    private async Task InstanceIncrementsAsync()
    {
        _counter = 0;
        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    private void Increment() => _counter++; // race: instance increment

    private async Task IncrementAfterYieldAsync()
    {
        await Task.Yield();
        _counter++; // race: async increment
    }

    [Fact]
    public void Explore_CancellationCallbackReadingDataWrittenBeforeRegister_IsNotARace()
    {
        var report = Explorer.Explore(async () =>
        {
            // The timeout's timer callback, which cancels, is forked when the source is created, before the write.
            using var source = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            int written = 0;
            var seen = new TaskCompletionSource<int>();
            written = 42;
            source.Token.Register(() => seen.TrySetResult(written));
            Check.Equal(42, await seen.Task, "value seen by the callback");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_ContinuationRunInlineByTrySetResult_IsAttributedToTheAwaitingMethod()
    {
        var report = Explorer.Explore(async () =>
        {
            var fired = new TaskCompletionSource();
            using var timer = new Timer(_ => fired.TrySetResult());
            timer.Change(1000, Timeout.Infinite);
            await fired.Task;
            fired = new TaskCompletionSource();
            timer.Change(1000, Timeout.Infinite);
            await fired.Task;
        }, Options(iterations: 50));

        Assert.True(report.IsClean, report.ToString());
    }

    private void AssertClean(Func<Task> test, [CallerMemberName] string name = "")
    {
        var report = Explorer.Explore(test, Options(iterations: 100), name);

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
    }

    private ExplorationOptions Options(uint seed = 1, int iterations = 20, bool detectDataRaces = true) =>
        new() { Seed = seed, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces, DetectDataRaces = detectDataRaces };

    /// <summary>The line of this file that carries <paramref name="marker"/> in a comment.</summary>
    private static int Line(string marker, [CallerFilePath] string file = "") =>
        Array.FindIndex(File.ReadAllLines(file), l => l.Contains("// " + marker, StringComparison.Ordinal)) + 1;
}
