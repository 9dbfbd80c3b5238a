using System.Globalization;

namespace Weft.Benchmarks.Harness;

/// <summary>How much a run of <c>report</c> measures: a full run, or a quick, rougher pass.</summary>
/// <param name="Quick">Whether this is the quick pass.</param>
/// <param name="ThroughputSeconds">The measured wall-clock time of each throughput sample.</param>
/// <param name="ThroughputRounds">Samples per scenario and configuration, taken in interleaved rounds.</param>
/// <param name="LeverSeconds">The measured wall-clock time of each lever sample.</param>
/// <param name="LeverRounds">Samples per lever, each round beside a baseline sample.</param>
/// <param name="PowerSeeds">Explorations per buggy scenario and strategy.</param>
/// <param name="PowerMaxIterations">The iteration budget of each of those explorations.</param>
/// <param name="PowerSeconds">The wall-clock budget of each of those explorations.</param>
/// <param name="StressRunTimeout">The seconds after which one stress-test run counts as a hang or deadlock.</param>
/// <param name="LongStressSeconds">The fixed time of the second, longer stress test of each buggy scenario.</param>
/// <param name="PrimitivesArguments">BenchmarkDotNet's arguments for the primitives, besides <c>--artifacts</c>.</param>
internal sealed record ReportSettings(
    bool Quick,
    double ThroughputSeconds,
    int ThroughputRounds,
    double LeverSeconds,
    int LeverRounds,
    int PowerSeeds,
    int PowerMaxIterations,
    double PowerSeconds,
    double StressRunTimeout,
    double LongStressSeconds,
    IReadOnlyList<string> PrimitivesArguments)
{
    /// <summary>The full run that docs/benchmarks.md comes from.</summary>
    public static readonly ReportSettings Full = new(false, 1.5, 5, 1.5, 3, 10, 2_000, 5, 15, 10, ["--filter", "*"]);

    /// <summary>The quick pass: one round, three seeds, short budgets, and one class of the primitives. (The primitives
    /// project configures its own short job; BenchmarkDotNet's <c>--job</c> would add a second job rather than replace it.)</summary>
    public static readonly ReportSettings QuickPass = new(true, 0.5, 1, 0.5, 1, 3, 300, 1, 5, 2, ["--filter", "*CounterBenchmarks*"]);

    /// <summary>One line for the report.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Throughput: {ThroughputRounds} round(s) of {ThroughputSeconds:0.#} s per scenario and configuration. Levers: {LeverRounds} round(s) of {LeverSeconds:0.#} s. " +
        $"Bug finding: {PowerSeeds} seeds per strategy, each exploration at most {PowerMaxIterations:#,0} iterations or {PowerSeconds:0.#} s; stress-test runs time out after {StressRunTimeout:0.#} s; the longer stress test runs {LongStressSeconds:0.#} s.");
}
