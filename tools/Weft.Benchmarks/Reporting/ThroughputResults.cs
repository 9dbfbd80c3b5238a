using Weft.Benchmarks.Harness;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Reporting;

/// <summary>The throughput measurements: for each scenario and configuration, one sample per round.</summary>
/// <param name="Scenarios">The scenarios measured, in table order, each with what it stands for.</param>
/// <param name="Configs">The configurations, Coyote alone first.</param>
/// <param name="Samples">The samples, by scenario id and configuration name; a missing pair failed (see <paramref name="Failures"/>).</param>
/// <param name="Failures">Why a pair has no samples, by scenario id and configuration name.</param>
internal sealed record ThroughputResults(
    IReadOnlyList<(string Id, string Role)> Scenarios,
    IReadOnlyList<ThroughputConfig> Configs,
    IReadOnlyDictionary<(string Scenario, string Config), IReadOnlyList<ThroughputSample>> Samples,
    IReadOnlyDictionary<(string Scenario, string Config), string> Failures);
