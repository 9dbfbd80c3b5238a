using Weft.Exploration;

namespace Weft.Tests.Concurrency;

/// <summary>The exploration settings of the concurrency tests: the random strategy, a fixed seed and a small fixed budget,
/// with trace files in a temporary folder that the test class deletes.</summary>
internal static class ExplorationRun
{
    public static ExplorationOptions Options(string traces, uint seed, int iterations) => new()
    {
        Seed = seed,
        Iterations = iterations,
        Strategy = StrategyKind.Random,
        TraceDirectory = traces,
    };

    /// <summary>Creates the temporary trace folder of one test class instance.</summary>
    public static string CreateTraceDirectory() => Directory.CreateTempSubdirectory("weft-concurrency-tests-").FullName;
}
