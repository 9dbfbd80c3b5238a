namespace Weft.Benchmarks.Workers;

/// <summary>One throughput measurement: explore a scenario for a wall-clock budget and count the work done.</summary>
/// <param name="Engine">Coyote alone or Weft.</param>
/// <param name="Scenario">The scenario id.</param>
/// <param name="Seconds">The wall-clock budget of the measured exploration.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Strategy">Weft's strategy name.</param>
/// <param name="DetectDataRaces">Weft only: race detection.</param>
/// <param name="DetectLeakedTasks">Weft only: leak detection.</param>
/// <param name="Setting">Coyote only: a configuration lever.</param>
/// <param name="RunOnOneCpu">Weft only: <c>ExplorationOptions.RunOnOneCpu</c>.</param>
internal sealed record ThroughputJob(
    Engine Engine,
    string Scenario,
    double Seconds,
    uint Seed,
    string Strategy,
    bool DetectDataRaces,
    bool DetectLeakedTasks,
    CoyoteSetting Setting,
    bool RunOnOneCpu = false);
