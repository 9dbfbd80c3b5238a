using System.Diagnostics;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The explore loop: runs the engine until the iterations, the time budget or the bug limit run out, and turns each
/// distinct failure into a <see cref="Bug"/> with a trace file.</summary>
internal static class ExplorationLoop
{
    /// <summary>Explores; <paramref name="cancellation"/> stops the exploration after the running iteration, and the report
    /// still lists what was found until then.</summary>
    /// <param name="identity">The test's identity.</param>
    /// <param name="test">The test.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellation">Stops the exploration after the running iteration.</param>
    /// <param name="detectDataRaces">False to turn race detection off whatever <paramref name="options"/> say.</param>
    public static ExplorationReport Explore(
        TestIdentity identity, TestBody test, ExplorationOptions? options, CancellationToken cancellation = default, bool detectDataRaces = true)
    {
        var resolved = (options ?? new ExplorationOptions()).Resolve();
        if (!detectDataRaces)
        {
            resolved = resolved with { DetectDataRaces = false };
        }

        test.EnsureRewritten();
        // Coyote starts a thread for every controlled operation; on one CPU their hand-overs are much cheaper (see CpuAffinity).
        using var pinned = resolved.RunOnOneCpu ? CpuAffinity.PinNewThreads() : null;
        var clock = Stopwatch.StartNew();
        bool BudgetSpent() => cancellation.IsCancellationRequested || (resolved.TimeBudget is { } budget && clock.Elapsed >= budget);

        var bugs = new List<Bug>();
        var uncontrolled = new SortedSet<string>(StringComparer.Ordinal);
        long steps = 0;
        long operations = 0;
        int done = 0;
        while (done < resolved.Iterations && bugs.Count < resolved.MaxBugs && !BudgetSpent())
        {
            uint seed = unchecked(resolved.Seed + (uint)done);
            var run = CoyoteEngine.Explore(test, resolved, seed, resolved.Iterations - done, BudgetSpent);
            uncontrolled.UnionWith(run.UncontrolledCalls);
            steps += run.Work.SchedulingSteps;
            operations += run.Work.ControlledOperations;
            if (run.Failure is not { } failure)
            {
                done += run.IterationsRun;
                break;
            }

            int iteration = done + failure.IterationIndex + 1;
            done += run.IterationsRun;
            var bug = new Bug { Kind = failure.Kind, Message = failure.Message, Details = failure.Details, Iteration = iteration };
            if (bugs.Any(b => b.IsSameBugAs(bug)))
            {
                continue;
            }

            uint iterationSeed = unchecked(resolved.Seed + (uint)(iteration - 1));
            var trace = new TraceFile(identity, resolved, iterationSeed, iteration, bug, failure.Schedule);
            bugs.Add(bug with { TraceFile = trace.Save(resolved.TraceDirectory) });
        }

        return new ExplorationReport(identity, resolved.Strategy, resolved.StrategyBound, resolved.Seed, done, clock.Elapsed, bugs)
        {
            UncontrolledCalls = [.. uncontrolled],
            SchedulingSteps = steps,
            ControlledOperations = operations,
        };
    }

    public static ReplayResult Replay(TraceFile trace, TestIdentity identity, TestBody test)
    {
        if (!trace.Test.Matches(identity))
        {
            throw new TraceFileException(
                $"trace file '{trace.Bug.TraceFile}' was recorded for test '{trace.Test.DisplayName}', not '{identity.DisplayName}'.");
        }

        test.EnsureRewritten();
        using var pinned = trace.Options.RunOnOneCpu ? CpuAffinity.PinNewThreads() : null;
        var run = CoyoteEngine.Replay(test, trace.Options, trace.Schedule);
        Bug? actual = run.Failure is { } failure
            ? new Bug { Kind = failure.Kind, Message = failure.Message, Details = failure.Details, Iteration = trace.Iteration, TraceFile = trace.Bug.TraceFile }
            : null;
        return new ReplayResult(trace, actual);
    }
}
