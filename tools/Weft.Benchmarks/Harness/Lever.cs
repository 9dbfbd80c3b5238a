using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>One lever on the cost of exploring with Coyote that needs no change to Coyote: a runtime setting, a Coyote
/// setting, a strategy, or several processes on disjoint seeds.</summary>
/// <param name="Name">A short name for the table.</param>
/// <param name="What">What the lever changes, exactly (an environment variable, a configuration call).</param>
/// <param name="Environment">Environment variables of the worker processes.</param>
/// <param name="Setting">A Coyote configuration lever.</param>
/// <param name="Strategy">The strategy, when the lever is one.</param>
/// <param name="Processes">How many worker processes explore at once, each from its own seed.</param>
/// <param name="Prefix">A command that starts the worker process, such as <c>taskset</c>.</param>
internal sealed record Lever(string Name, string What, IReadOnlyDictionary<string, string> Environment, CoyoteSetting Setting,
    string Strategy = "random", int Processes = 1, IReadOnlyList<string>? Prefix = null)
{
    private static readonly IReadOnlyDictionary<string, string> s_none = new Dictionary<string, string>();

    /// <summary>The baseline every lever is compared with: Weft's settings, the runtime's defaults, one process.</summary>
    public static readonly Lever Baseline = new("baseline", "random strategy, Weft's Coyote settings, runtime defaults, one process", s_none, CoyoteSetting.None);

    /// <summary>Every lever, in the order of the table.</summary>
    public static readonly IReadOnlyList<Lever> All =
    [
        new("strategy probabilistic", "WithProbabilisticStrategy(3)", s_none, CoyoteSetting.None, Strategy: "probabilistic"),
        new("strategy pct", "WithPrioritizationStrategy(false, 10)", s_none, CoyoteSetting.None, Strategy: "pct"),
        new("strategy portfolio", "Coyote's fair portfolio (Weft's default)", s_none, CoyoteSetting.None, Strategy: "portfolio"),
        new("deadlock timeout 100 ms", "WithDeadlockTimeout(100) instead of 5,000", s_none, CoyoteSetting.ShortDeadlockTimeout),
        new("max steps 1,000", "WithMaxSchedulingSteps(1000) instead of 10,000", s_none, CoyoteSetting.FewerMaxSteps),
        new("no partial control", "WithPartiallyControlledConcurrencyAllowed(false)", s_none, CoyoteSetting.NoPartialControl),
        new("no uncontrolled wait", "WithUncontrolledConcurrencyResolutionTimeout(1, 0)", s_none, CoyoteSetting.NoUncontrolledWait),
        Env("stack 256 KiB", "DOTNET_DefaultStackSize", "40000"),
        Env("stack 16 MiB", "DOTNET_DefaultStackSize", "1000000"),
        Env("tiered compilation off", "DOTNET_TieredCompilation", "0"),
        Env("tiered PGO off", "DOTNET_TieredPGO", "0"),
        Env("ReadyToRun off", "DOTNET_ReadyToRun", "0"),
        Env("server GC", "DOTNET_gcServer", "1"),
        Env("concurrent GC off", "DOTNET_gcConcurrent", "0"),
        Env("gen0 budget 64 MiB", "DOTNET_GCgen0size", "4000000"),
        Env("thread pool min 16", "DOTNET_ThreadPool_ForceMinWorkerThreads", "16"),
        Env("one processor reported", "DOTNET_PROCESSOR_COUNT", "1"),
        new("one CPU", "the worker process pinned to one CPU: `taskset -c 0` (what Weft's RunOnOneCpu does in-process)", s_none, CoyoteSetting.None,
            Prefix: ["taskset", "-c", "0"]),
        new("2 processes", "two worker processes at once, on disjoint seeds; total iterations per second", s_none, CoyoteSetting.None, Processes: 2),
        new("4 processes", "four worker processes at once, on disjoint seeds; total iterations per second", s_none, CoyoteSetting.None, Processes: 4),
    ];

    private static Lever Env(string name, string variable, string value) =>
        new(name, $"{variable}={value}", new Dictionary<string, string> { [variable] = value }, CoyoteSetting.None);
}
