using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Benchmarks.Workers;

/// <summary>Explores one buggy scenario with each strategy from several seeds, each until its first bug or its budget.</summary>
internal static class PowerWorker
{
    /// <summary>The seed of the <paramref name="index"/>-th exploration: far apart, because an exploration from seed
    /// <c>s</c> runs iteration <c>i</c> with seed <c>s + i - 1</c>, so neighbouring seeds would share most iterations.</summary>
    public static uint SeedOf(int index) => (uint)index * 1_000_003u;

    public static IEnumerable<PowerSample> Run(string id, IReadOnlyList<string> strategies, int seeds, int maxIterations, double seconds)
    {
        var scenario = WorkloadCatalog.Find(id);
        WorldCheck.Require(WorldKind.Weft, scenario.Type.Assembly);
        string traces = Directory.CreateTempSubdirectory("weft-bench-power-").FullName;
        try
        {
            foreach (string name in strategies)
            {
                if (!StrategyNames.TryParse(name, out var strategy))
                {
                    throw new ArgumentException($"unknown strategy '{name}'.");
                }

                int misses = 0;
                for (int i = 0; i < seeds; i++)
                {
                    uint seed = SeedOf(i);
                    if (misses > seeds / 2)
                    {
                        yield return new PowerSample(name, seed, false, null, 0, 0, Skipped: true);
                        continue;
                    }

                    var report = scenario.Explore(new ExplorationOptions
                    {
                        Iterations = maxIterations,
                        TimeBudget = TimeSpan.FromSeconds(seconds),
                        Seed = seed,
                        Strategy = strategy.Value,
                        TraceDirectory = traces,
                    });
                    var bug = report.Bugs.FirstOrDefault();
                    bool found = bug is not null && bug.Kind == scenario.Expected;
                    misses += found ? 0 : 1;
                    yield return new PowerSample(name, seed, found, bug is null ? null : BugKindNames.Of(bug.Kind),
                        bug?.Iteration ?? report.Iterations, report.Elapsed.TotalSeconds);
                }
            }
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }
    }
}
