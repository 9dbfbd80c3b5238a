using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;

namespace Weft.Exploration;

/// <summary>Runs iterations of a test under Coyote's controlled scheduler.</summary>
/// <remarks>The only type that talks to Coyote's testing engine; the explore loop, trace files and reports do not.</remarks>
internal static class CoyoteEngine
{
    /// <summary>Explores up to <paramref name="iterations"/> iterations from <paramref name="seed"/>, stopping at the first bug
    /// or when <paramref name="shouldStop"/> says so after an iteration.</summary>
    public static EngineRun Explore(TestBody test, ResolvedOptions options, uint seed, int iterations, Func<bool> shouldStop)
    {
        var configuration = Configure(options)
            .WithRandomGeneratorSeed(seed)
            .WithTestingIterations((uint)iterations);
        configuration = options.Strategy switch
        {
            StrategyKind.Random => configuration.WithRandomStrategy(),
            StrategyKind.Probabilistic => configuration.WithProbabilisticStrategy(options.StrategyBound),
            StrategyKind.Pct => configuration.WithPrioritizationStrategy(false, options.StrategyBound),
            StrategyKind.FairPct => configuration.WithPrioritizationStrategy(true, options.StrategyBound),
            _ => configuration, // Coyote's default is the fair portfolio.
        };
        return Run(test, options, configuration, shouldStop);
    }

    /// <summary>Runs the single iteration that <paramref name="schedule"/> describes.</summary>
    public static EngineRun Replay(TestBody test, ResolvedOptions options, string schedule) =>
        Run(test, options, Configure(options).WithReproducibleTrace(schedule), static () => false);

    private static Configuration Configure(ResolvedOptions options) =>
        Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithVerbosityEnabled(VerbosityLevel.None)
            .WithMaxSchedulingSteps((uint)options.MaxSteps)
            .WithFailureOnMaxStepsBoundEnabled(options.ReportStepBoundAsHang)
            .WithDeadlockTimeout((uint)Math.Max(1, options.DeadlockTimeout.TotalMilliseconds))
            .WithPotentialDeadlocksReportedAsBugs(true);

    private static EngineRun Run(TestBody test, ResolvedOptions options, Configuration configuration, Func<bool> shouldStop)
    {
        var runner = new IterationRunner(test, options);
        var engine = TestingEngine.Create(configuration, runner.Run);
        engine.SetLogger(new MemoryLogger(VerbosityLevel.None));
        engine.RegisterStartIterationCallBack(runner.OnIterationStarted);
        engine.RegisterEndIterationCallBack(_ =>
        {
            runner.OnIterationEnded();
            if (shouldStop())
            {
                engine.Stop();
            }
        });
        engine.Run();

        var report = engine.TestReport;
        string[] uncontrolled = [.. report.UncontrolledInvocations.Order(StringComparer.Ordinal)];
        var work = new EngineWork(
            (long)report.TotalExploredFairSteps + report.TotalExploredUnfairSteps, report.TotalControlledOperations);
        if (report.NumOfFoundBugs == 0)
        {
            return new EngineRun(runner.CompletedIterations, null, uncontrolled, work);
        }

        string schedulerReport = report.BugReports.First();
        var failure = runner.Failure ?? runner.LeakBehindDeadlock(schedulerReport) ?? BugClassifier.FromSchedulerReport(schedulerReport, runner.SpinningLoop);
        return new EngineRun(
            Math.Max(runner.CompletedIterations, runner.CurrentIteration + 1),
            new EngineFailure(Math.Max(0, runner.CurrentIteration), failure.Kind, failure.Message, failure.Details, engine.ReproducibleTrace),
            uncontrolled,
            work);
    }
}
