using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using Weft.Catalog;
using Weft.Exploration;

namespace Weft.Benchmarks.Workers;

/// <summary>Measures exploration throughput in this process: a short warm-up exploration, then the measured one.</summary>
/// <remarks>For <see cref="Engine.Coyote"/> it drives Coyote's <see cref="TestingEngine"/> itself, configured as Weft
/// configures it (steps bound, deadlock timeout, potential deadlocks as bugs), so that the only difference from Weft is
/// Weft's passes and checkers. The process must run in the world that matches the engine; <see cref="WorldCheck"/> says.</remarks>
internal static class ThroughputWorker
{
    private const int WarmUpIterations = 20;

    public static ThroughputSample Run(ThroughputJob job)
    {
        var scenario = WorkloadCatalog.Find(job.Scenario);
        WorldCheck.Require(job.Engine == Engine.Coyote ? WorldKind.Coyote : WorldKind.Weft, scenario.Type.Assembly);
        // The warm-up lets the JIT compile the paths the measured iterations take.
        _ = Measure(job, scenario, WarmUpIterations, seconds: null);
        return Measure(job, scenario, int.MaxValue, job.Seconds);
    }

    private static ThroughputSample Measure(ThroughputJob job, ScenarioInfo scenario, int iterations, double? seconds) =>
        job.Engine == Engine.Coyote ? MeasureCoyote(job, scenario, iterations, seconds) : MeasureWeft(job, scenario, iterations, seconds);

    private static ThroughputSample MeasureWeft(ThroughputJob job, ScenarioInfo scenario, int iterations, double? seconds)
    {
        string traces = Directory.CreateTempSubdirectory("weft-bench-traces-").FullName;
        try
        {
            if (!StrategyNames.TryParse(job.Strategy, out var strategy))
            {
                throw new ArgumentException($"unknown strategy '{job.Strategy}'.");
            }

            var report = scenario.Explore(new ExplorationOptions
            {
                Iterations = iterations,
                TimeBudget = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
                Seed = job.Seed,
                Strategy = strategy.Value,
                DetectDataRaces = job.DetectDataRaces,
                DetectLeakedTasks = job.DetectLeakedTasks,
                RunOnOneCpu = job.RunOnOneCpu,
                TraceDirectory = traces,
            });
            return new ThroughputSample(report.Iterations, report.Elapsed.TotalSeconds, report.SchedulingSteps, report.ControlledOperations,
                report.Bugs.Count, report.Bugs.FirstOrDefault()?.Message);
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }

    private static ThroughputSample MeasureCoyote(ThroughputJob job, ScenarioInfo scenario, int iterations, double? seconds)
    {
        var configuration = Configure(job)
            .WithRandomGeneratorSeed(job.Seed)
            .WithTestingIterations((uint)iterations)
            .WithTestIterationsRunToCompletion(true);
        configuration = job.Strategy switch
        {
            "random" => configuration.WithRandomStrategy(),
            "probabilistic" => configuration.WithProbabilisticStrategy(3),
            "pct" => configuration.WithPrioritizationStrategy(false, 10),
            "fair-pct" => configuration.WithPrioritizationStrategy(true, 10),
            "portfolio" => configuration,
            _ => throw new ArgumentException($"unknown strategy '{job.Strategy}'."),
        };

        var type = scenario.Type;
        Func<Task> test = () => ((IScenario)Activator.CreateInstance(type)!).RunAsync();
        var clock = Stopwatch.StartNew();
        var engine = TestingEngine.Create(configuration, test);
        engine.SetLogger(new MemoryLogger(VerbosityLevel.None));
        int done = 0;
        engine.RegisterEndIterationCallBack(_ =>
        {
            done++;
            if (seconds is { } budget && clock.Elapsed.TotalSeconds >= budget)
            {
                engine.Stop();
            }
        });
        engine.Run();
        clock.Stop();

        var report = engine.TestReport;
        return new ThroughputSample(done, clock.Elapsed.TotalSeconds,
            (long)report.TotalExploredFairSteps + report.TotalExploredUnfairSteps, report.TotalControlledOperations,
            report.NumOfFoundBugs, report.BugReports.FirstOrDefault());
    }

    /// <summary>The settings Weft's engine uses (see Framework/Exploration/CoyoteEngine.cs), with the job's lever.</summary>
    private static Configuration Configure(ThroughputJob job)
    {
        var defaults = new ExplorationOptions();
        var configuration = Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithVerbosityEnabled(VerbosityLevel.None)
            .WithMaxSchedulingSteps(job.Setting == CoyoteSetting.FewerMaxSteps ? 1_000u : (uint)defaults.MaxSteps)
            .WithFailureOnMaxStepsBoundEnabled(defaults.ReportStepBoundAsHang)
            .WithDeadlockTimeout(job.Setting == CoyoteSetting.ShortDeadlockTimeout ? 100u : (uint)defaults.DeadlockTimeout.TotalMilliseconds)
            .WithPotentialDeadlocksReportedAsBugs(true);
        return job.Setting switch
        {
            CoyoteSetting.NoPartialControl => configuration.WithPartiallyControlledConcurrencyAllowed(false),
            CoyoteSetting.NoUncontrolledWait => configuration.WithUncontrolledConcurrencyResolutionTimeout(1, 0),
            _ => configuration,
        };
    }
}
