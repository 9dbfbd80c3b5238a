using Weft.Catalog;
using Weft.Exploration;
using Weft.Reporting;
using Weft.Scenarios;

namespace Weft.Tests.Catalog;

public sealed class ScenarioCatalogTests
{
    public static TheoryData<string> ScenarioIds() => [.. ScenarioAssembly.Catalog.Scenarios.Select(s => s.Id)];

    public static TheoryData<string> BuggyScenarioIds() =>
        [.. ScenarioAssembly.Catalog.Scenarios.Where(s => s.Variant == ScenarioVariant.Buggy).Select(s => s.Id)];

    [Fact]
    public void Discover_ScenarioAssembly_FindsTheSpineScenarios()
    {
        var ids = ScenarioAssembly.Catalog.Scenarios.Select(s => s.Id).ToArray();

        Assert.Contains("atomics/counter", ids);
        Assert.Contains("atomics/counter-with-lock", ids);
        Assert.Contains("atomics/counter-read-await-write", ids);
        Assert.Contains("lock-sharding/transfer", ids);
        Assert.Contains("lock-sharding/transfer-lock-order-deadlock", ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Discover_EveryBuggyScenario_HasACorrectTwinInItsTopic()
    {
        foreach (var buggy in ScenarioAssembly.Catalog.Scenarios.Where(s => s.Variant == ScenarioVariant.Buggy))
        {
            Assert.Contains(ScenarioAssembly.Catalog.Scenarios, s => s.Topic == buggy.Topic && s.Variant == ScenarioVariant.Correct);
        }
    }

    [Fact]
    public void Explore_ProducerIgnoringCancellation_ReportsTheLeakWithWhereItWaits()
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind("task-leaks/bounded-producer-ignores-cancellation", out var scenario));
        string traces = Directory.CreateTempSubdirectory("weft-leak-scenario-").FullName;
        try
        {
            var report = scenario.Explore(new ExplorationOptions { Seed = 1, Strategy = StrategyKind.Random, TraceDirectory = traces }, TestContext.Current.CancellationToken);

            var bug = Assert.Single(report.Bugs);
            Assert.Equal(BugKind.LeakedTask, bug.Kind);
            Assert.Contains("BoundedProducerIgnoresCancellation.ProduceAsync at BoundedProducerIgnoresCancellation.RunAsync (BoundedProducerIgnoresCancellation.cs:", bug.Message, StringComparison.Ordinal);
            Assert.Contains("it waits on a channel write at BoundedProducerIgnoresCancellation.ProduceAsync (BoundedProducerIgnoresCancellation.cs:", bug.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }

    [Fact]
    public void Explore_SpinHoldingTheLockItsLoaderNeeds_ReportsTheHangAtTheSpinningLoop()
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind("spin-wait/wait-for-config-holding-lock", out var scenario));
        string traces = Directory.CreateTempSubdirectory("weft-spin-scenario-").FullName;
        try
        {
            var report = scenario.Explore(new ExplorationOptions { Seed = 1, Strategy = StrategyKind.Random, TraceDirectory = traces }, TestContext.Current.CancellationToken);

            var bug = Assert.Single(report.Bugs);
            Assert.Equal(BugKind.Hang, bug.Kind);
            Assert.StartsWith("A task looped 1,000,000 times in a row in the loop at WaitForConfigHoldingLock.cs:", bug.Message, StringComparison.Ordinal);
            Assert.Contains("(WaitForConfigHoldingLock.Work) without reaching a scheduling point, while no other task could run: usually a spin loop without a yield", bug.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }

    [Fact]
    public void Explore_HeartbeatNeverDisposed_ReportsTheTimerByItsCallback()
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind("timers/heartbeat-never-disposed", out var scenario));
        string traces = Directory.CreateTempSubdirectory("weft-timer-scenario-").FullName;
        try
        {
            var report = scenario.Explore(new ExplorationOptions { Seed = 1, Strategy = StrategyKind.Random, TraceDirectory = traces }, TestContext.Current.CancellationToken);

            var bug = Assert.Single(report.Bugs);
            Assert.Equal(BugKind.LeakedTask, bug.Kind);
            Assert.Equal(
                "1 timer was still armed when the test returned: a timer calling Connection.Open (lambda) every 1 s, which keeps firing after the test is done; dispose it when its owner is done.",
                bug.Message);
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }

    [Fact]
    public void TryFind_UnknownId_SuggestsTheClosest()
    {
        Assert.False(ScenarioAssembly.Catalog.TryFind("atomics/countr", out _));

        Assert.Equal("atomics/counter", ScenarioAssembly.Catalog.Suggest("atomics/countr")[0]);
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Explore_EveryScenario_ReportsExactlyItsExpectedKind(string id)
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind(id, out var scenario));
        string traces = Directory.CreateTempSubdirectory("weft-catalog-").FullName;
        try
        {
            var report = scenario.Explore(new ExplorationOptions { Seed = 1, Iterations = 300, Strategy = StrategyKind.Random, TraceDirectory = traces }, TestContext.Current.CancellationToken);

            if (scenario.Variant == ScenarioVariant.Correct)
            {
                Assert.True(report.IsClean, report.ToString());
                Assert.Equal(300, report.Iterations);
            }
            else
            {
                var bug = Assert.Single(report.Bugs);
                Assert.Equal(scenario.Expected, bug.Kind);
            }
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(BuggyScenarioIds))]
    public void Replay_EveryBuggyScenario_ReproducesTenTimesOutOfTen(string id)
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind(id, out var scenario));
        string traces = Directory.CreateTempSubdirectory("weft-replay-").FullName;
        try
        {
            var bug = Assert.Single(scenario.Explore(new ExplorationOptions { Seed = 5, Strategy = StrategyKind.Random, TraceDirectory = traces }, TestContext.Current.CancellationToken).Bugs);

            for (int i = 0; i < 10; i++)
            {
                var replay = scenario.Replay(bug.TraceFile!);
                Assert.True(replay.Reproduced, $"replay {i + 1}: {replay}");
                Assert.Equal(bug.Kind, replay.Actual!.Kind);
                Assert.Equal(bug.Message, replay.Actual.Message);
            }
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }

    [Fact]
    public void Explore_CancelledBeforeTheFirstIteration_RunsNothingAndReportsClean()
    {
        Assert.True(ScenarioAssembly.Catalog.TryFind("atomics/counter-read-await-write", out var scenario));

        var report = scenario.Explore(new ExplorationOptions { Seed = 1, Strategy = StrategyKind.Random }, new CancellationToken(canceled: true));

        Assert.Equal(0, report.Iterations);
        Assert.True(report.IsClean);
    }

    [Fact]
    public void Scenario_DeclaredKinds_AreOnlyNoneForCorrectVariants()
    {
        foreach (var scenario in ScenarioAssembly.Catalog.Scenarios)
        {
            Assert.Equal(scenario.Expected == BugKind.None, scenario.Variant == ScenarioVariant.Correct);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Description));
        }
    }
}
