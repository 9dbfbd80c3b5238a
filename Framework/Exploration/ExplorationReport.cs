using System.Globalization;
using System.Text;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The result of one exploration: what ran, for how long, and every bug found.</summary>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
public sealed class ExplorationReport
{
    internal ExplorationReport(TestIdentity test, StrategyKind strategy, uint strategyBound, uint seed, int iterations,
        TimeSpan elapsed, IReadOnlyList<Bug> bugs)
    {
        Test = test;
        Strategy = strategy;
        StrategyBound = strategyBound;
        Seed = seed;
        Iterations = iterations;
        Elapsed = elapsed;
        Bugs = bugs;
    }

    /// <summary>The test that was explored.</summary>
    public TestIdentity Test { get; }

    /// <summary>The strategy used.</summary>
    public StrategyKind Strategy { get; }

    /// <summary>The strategy's resolved bound (0 for strategies without one).</summary>
    public uint StrategyBound { get; }

    /// <summary>The seed of the first iteration.</summary>
    public uint Seed { get; }

    /// <summary>The number of iterations that ran.</summary>
    public int Iterations { get; }

    /// <summary>The wall-clock time of the exploration.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Every distinct bug found, in the order found.</summary>
    public IReadOnlyList<Bug> Bugs { get; }

    /// <summary>Methods the test called that the scheduler does not control, e.g. a synchronisation type neither Coyote nor
    /// Weft models. Interleavings around them are not explored and deadlocks through them are only reported as potential
    /// hangs; empty for fully controlled code.</summary>
    public IReadOnlyList<string> UncontrolledCalls { get; init; } = [];

    /// <summary>The scheduling decisions the scheduler made, over every iteration that ran.</summary>
    /// <remarks>With <see cref="Elapsed"/>, the cost of one decision: the figure that says how fast an exploration goes.
    /// 0 for a report of a replay.</remarks>
    public long SchedulingSteps { get; init; }

    /// <summary>The controlled operations (tasks, continuations, threads) the scheduler created, over every iteration that ran.</summary>
    /// <remarks>The scheduler runs each controlled operation on an OS thread of its own, so this is also the number of threads
    /// the exploration started. 0 for a report of a replay.</remarks>
    public long ControlledOperations { get; init; }

    /// <summary><see langword="true"/> when no bug was found.</summary>
    public bool IsClean => Bugs.Count == 0;

    /// <summary>A text report for people: the summary line, then each bug with its trace file and replay command.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{Test.DisplayName}: {Bugs.Count} bug(s) in {Iterations} iteration(s), {Elapsed.TotalSeconds:0.00}s (strategy {StrategyNames.Of(Strategy)}, seed {Seed})");
        if (UncontrolledCalls.Count > 0)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture,
                $"  warning: {UncontrolledCalls.Count} uncontrolled call(s), whose interleavings were not explored: {string.Join(", ", UncontrolledCalls)}");
        }

        foreach (var bug in Bugs)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"  [{BugKindNames.Of(bug.Kind)}] iteration {bug.Iteration}: {bug.Message}");
            if (bug.TraceFile is not null)
            {
                text.Append('\n').Append(CultureInfo.InvariantCulture, $"    trace:  {bug.TraceFile}");
                text.Append('\n').Append(CultureInfo.InvariantCulture, $"    replay: {ReplayCommand.For(bug.TraceFile)}");
            }
        }

        return text.ToString();
    }
}
