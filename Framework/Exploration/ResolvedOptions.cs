namespace Weft.Exploration;

/// <summary>The engine's private copy of <see cref="ExplorationOptions"/>, validated and with every default resolved.</summary>
internal sealed record ResolvedOptions(
    int Iterations,
    TimeSpan? TimeBudget,
    uint Seed,
    StrategyKind Strategy,
    uint StrategyBound,
    int MaxSteps,
    bool ReportStepBoundAsHang,
    TimeSpan DeadlockTimeout,
    int MaxBugs,
    string TraceDirectory,
    bool DetectLeakedTasks,
    IReadOnlyList<string> IgnoreLeakedTasksIn,
    bool DetectDataRaces,
    IReadOnlyList<string> SuppressDataRacesOn,
    bool RunOnOneCpu = ExplorationDefaults.RunOnOneCpu);
