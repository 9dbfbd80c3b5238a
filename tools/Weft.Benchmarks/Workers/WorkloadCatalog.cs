using Weft.Benchmarks.Workloads;
using Weft.Catalog;
using Weft.Scenarios;

namespace Weft.Benchmarks.Workers;

/// <summary>Every scenario a worker can run: the catalog's and the benchmark's own probes.</summary>
internal static class WorkloadCatalog
{
    private static readonly Lazy<ScenarioCatalog> s_probes = new(() => ScenarioCatalog.Discover(typeof(YieldProbe).Assembly));

    /// <summary>The scenario catalog, discovered at run time.</summary>
    public static ScenarioCatalog Catalog => ScenarioAssembly.Catalog;

    /// <summary>Finds a scenario of the catalog or a probe by id.</summary>
    /// <exception cref="ArgumentException">No scenario has that id.</exception>
    public static ScenarioInfo Find(string id) =>
        Catalog.TryFind(id, out var scenario) || s_probes.Value.TryFind(id, out scenario)
            ? scenario
            : throw new ArgumentException($"unknown scenario '{id}'.", nameof(id));
}
