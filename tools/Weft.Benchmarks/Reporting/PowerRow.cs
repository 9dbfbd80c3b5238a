using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Reporting;

/// <summary>The bug-finding measurements of one buggy scenario.</summary>
/// <param name="Scenario">The scenario id.</param>
/// <param name="Expected">The bug kind it declares (kebab-case).</param>
/// <param name="Samples">One exploration per strategy and seed.</param>
/// <param name="Stress">The stress test on real threads for as long as the exploration took, if it ran.</param>
/// <param name="LongStress">The stress test on real threads for a fixed, longer time, if it ran.</param>
/// <param name="Error">Why the measurements are missing or incomplete.</param>
internal sealed record PowerRow(string Scenario, string Expected, IReadOnlyList<PowerSample> Samples, StressSample? Stress, string? Error,
    StressSample? LongStress = null);
