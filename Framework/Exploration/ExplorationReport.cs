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

    /// <summary><see langword="true"/> when no bug was found.</summary>
    public bool IsClean => Bugs.Count == 0;

    /// <summary>A text report for people: the summary line, then each bug with its trace file and replay command.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{Test.DisplayName}: {Bugs.Count} bug(s) in {Iterations} iteration(s), {Elapsed.TotalSeconds:0.00}s (strategy {StrategyNames.Of(Strategy)}, seed {Seed})");
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
