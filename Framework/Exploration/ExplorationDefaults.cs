namespace Weft.Exploration;

/// <summary>The default value of every <see cref="ExplorationOptions"/> property, in one place.</summary>
internal static class ExplorationDefaults
{
    public const int Iterations = 100;
    public const uint Seed = 0;
    public const StrategyKind Strategy = StrategyKind.Portfolio;
    public const uint ProbabilisticBound = 3;
    public const uint PctBound = 10;
    public const int MaxSteps = 10_000;
    public static readonly TimeSpan DeadlockTimeout = TimeSpan.FromSeconds(5);
    public const int MaxBugs = 1;
    public const string TraceDirectory = "weft-traces";
    public const bool StepBoundIsBug = true;
    public const bool DetectLeakedTasks = true;
    public static readonly IReadOnlyList<string> IgnoreLeakedTasksIn = [];
    public const bool DetectDataRaces = true;
    public const bool RunOnOneCpu = true;
    public static readonly IReadOnlyList<string> SuppressDataRacesOn = [];
}
