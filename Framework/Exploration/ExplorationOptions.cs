using System.Globalization;
using System.Text;

namespace Weft.Exploration;

/// <summary>Options of one exploration: how many interleavings to try, with which strategy and seed, and where traces go.</summary>
/// <remarks>
/// <para>Validate with <see cref="Validate"/>; the explorer and the command line call the same method. The explorer copies
/// what it needs at entry and never writes back to this object.</para>
/// <para><b>Thread safety:</b> immutable after construction; safe for concurrent use.</para>
/// </remarks>
public sealed class ExplorationOptions
{
    /// <summary>The maximum number of iterations (interleavings) to run.</summary>
    /// <value>Default 100. Must be at least 1.</value>
    /// <remarks>The exploration stops at whichever comes first: this count, <see cref="TimeBudget"/>, or <see cref="MaxBugs"/> bugs.</remarks>
    public int Iterations { get; init; } = ExplorationDefaults.Iterations;

    /// <summary>The wall-clock budget of the whole exploration, or <see langword="null"/> for none.</summary>
    /// <value>Default <see langword="null"/>. Must be positive when set.</value>
    /// <remarks>Checked before every iteration; the iteration running when the budget runs out is finished.</remarks>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The seed of the first iteration; iteration <c>i</c> uses seed <c>Seed + i - 1</c>.</summary>
    /// <value>Default 0. The same seed, strategy and test always explore the same interleavings.</value>
    public uint Seed { get; init; } = ExplorationDefaults.Seed;

    /// <summary>The scheduling strategy.</summary>
    /// <value>Default <see cref="StrategyKind.Portfolio"/>.</value>
    public StrategyKind Strategy { get; init; } = ExplorationDefaults.Strategy;

    /// <summary>The bound of the strategy, or <see langword="null"/> for its default.</summary>
    /// <value>Default <see langword="null"/>: 3 for <see cref="StrategyKind.Probabilistic"/> (switch with probability 1/2^3),
    /// 10 priority changes for <see cref="StrategyKind.Pct"/> and <see cref="StrategyKind.FairPct"/>.</value>
    /// <remarks>Only the probabilistic and PCT strategies take a bound; setting it with another strategy is an error.</remarks>
    public uint? StrategyBound { get; init; }

    /// <summary>The maximum number of scheduling steps of one iteration.</summary>
    /// <value>Default 10,000 (fair strategies get ten times as many). Must be at least 1.</value>
    /// <remarks>With <see cref="ReportStepBoundAsHang"/> an iteration that reaches the bound is a bug of kind
    /// <see cref="Reporting.BugKind.Hang"/>, usually a spin loop without a yield, or a livelock. The bound also limits a loop
    /// that reaches no scheduling point of its own (a spin-wait on a field): while another task could run, Weft preempts such
    /// a loop every 100 iterations, and each preemption is a step; while no other task can run, a loop that goes on for
    /// <c>MaxSteps</c> × 100 iterations in a row is a hang at once, reported with the loop's source line. Raise the bound
    /// for a test whose tasks do long work in loops.</remarks>
    public int MaxSteps { get; init; } = ExplorationDefaults.MaxSteps;

    /// <summary>Whether reaching <see cref="MaxSteps"/> is reported as a hang.</summary>
    /// <value>Default <see langword="true"/>. When <see langword="false"/>, such an iteration is abandoned silently.</value>
    public bool ReportStepBoundAsHang { get; init; } = ExplorationDefaults.StepBoundIsBug;

    /// <summary>How long the scheduler waits for an uncontrolled operation before it reports a potential deadlock or hang.</summary>
    /// <value>Default 5 seconds. Must be between 1 millisecond and 1 hour.</value>
    /// <remarks>Only matters for code that blocks on something the scheduler does not control; controlled deadlocks are found at once.</remarks>
    public TimeSpan DeadlockTimeout { get; init; } = ExplorationDefaults.DeadlockTimeout;

    /// <summary>The number of distinct bugs after which the exploration stops.</summary>
    /// <value>Default 1. Must be at least 1.</value>
    public int MaxBugs { get; init; } = ExplorationDefaults.MaxBugs;

    /// <summary>Whether a task still pending when the test returns, after every task that could run has run, is a bug of
    /// kind <see cref="Reporting.BugKind.LeakedTask"/>.</summary>
    /// <value>Default <see langword="true"/>.</value>
    /// <remarks>A leaked task waits on something nobody will signal: a channel nobody reads, a semaphore nobody releases, a
    /// <see cref="TaskCompletionSource"/> nobody completes. See <see cref="IgnoreLeakedTasksIn"/> for known long-lived tasks.</remarks>
    public bool DetectLeakedTasks { get; init; } = ExplorationDefaults.DetectLeakedTasks;

    /// <summary>Methods whose tasks may outlive the test: a pending task that ran through one of them is not a leak.</summary>
    /// <value>Default empty. Each entry is matched as a substring of the fully qualified method names the task ran, for
    /// example <c>"MyService.PumpAsync"</c>; entries must not be empty.</value>
    /// <remarks>Only matters when <see cref="DetectLeakedTasks"/> is <see langword="true"/>.</remarks>
    public IReadOnlyList<string> IgnoreLeakedTasksIn { get; init; } = ExplorationDefaults.IgnoreLeakedTasksIn;

    /// <summary>Whether data races are bugs: two accesses to one field or array element, at least one a write, by
    /// different logical tasks, not ordered by happens-before.</summary>
    /// <value>Default <see langword="true"/>.</value>
    /// <remarks>A race is reported at the access that completes it, as a bug of kind <see cref="Reporting.BugKind.DataRace"/>,
    /// whether or not the interleaving that corrupts data happened and whether or not an assertion fails; so a racy test
    /// usually reports the race before any assertion it would fail later. The build step must have instrumented the code
    /// (it does for every assembly it rewrites). Trace files record this setting, and a replay uses the recorded one.</remarks>
    public bool DetectDataRaces { get; init; } = ExplorationDefaults.DetectDataRaces;

    /// <summary>Races that must not be reported, as a suppressions list: a race whose report mentions one of these is benign.</summary>
    /// <value>Default empty. Each entry is matched as a substring of the race report, which names the location
    /// (<c>Namespace.Type.field</c>) and both accesses (<c>File.cs:line (Type.Method)</c>); entries must not be empty.</value>
    /// <remarks>Only matters when <see cref="DetectDataRaces"/> is <see langword="true"/>. To suppress in code, put
    /// <see cref="SuppressDataRaceAttribute"/> on the field, type or method. Trace files record the list.</remarks>
    public IReadOnlyList<string> SuppressDataRacesOn { get; init; } = ExplorationDefaults.SuppressDataRacesOn;

    /// <summary>Whether the threads the exploration starts all run on one CPU.</summary>
    /// <value>Default <see langword="true"/>. Only on Linux; ignored elsewhere and on a machine with one CPU.</value>
    /// <remarks>The scheduler runs one task at a time, each on a new OS thread, and hands control from thread to thread at
    /// every scheduling decision; on one CPU a hand-over wakes no other CPU, which makes exploring much faster
    /// (docs/benchmarks.md measures it). It changes no interleaving: the same seed explores the same schedules either way,
    /// and trace files do not record it. While an exploration runs, every thread the process creates runs on that CPU
    /// (the .NET runtime gives new threads the main thread's affinity, which Weft narrows), so explorations that overlap in
    /// one process share it; when the last one ends, those threads and the main thread get their former affinity back.
    /// Threads that existed before keep theirs.</remarks>
    public bool RunOnOneCpu { get; init; } = ExplorationDefaults.RunOnOneCpu;

    /// <summary>The folder trace files are written to; created when the first bug is found.</summary>
    /// <value>Default <c>weft-traces</c>, relative to the current directory. Must not be empty.</value>
    public string TraceDirectory { get; init; } = ExplorationDefaults.TraceDirectory;

    /// <summary>Checks every option and reports every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid. The first line of the message names this type;
    /// each following line names one property, its rule and the actual value.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Iterations < 1)
        {
            problems.Add(Invariant($"{nameof(Iterations)} must be at least 1 (was {Iterations})."));
        }

        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            problems.Add(Invariant($"{nameof(TimeBudget)} must be positive (was {budget})."));
        }

        if (!Enum.IsDefined(Strategy))
        {
            problems.Add(Invariant($"{nameof(Strategy)} must be one of {string.Join(", ", StrategyNames.All)} (was {(int)Strategy})."));
        }
        else if (StrategyBound is { } bound)
        {
            if (Strategy is StrategyKind.Random or StrategyKind.Portfolio)
            {
                problems.Add(Invariant($"{nameof(StrategyBound)} applies only to the probabilistic, pct and fair-pct strategies (was {bound} with strategy {StrategyNames.Of(Strategy)})."));
            }
            else if (bound < 1)
            {
                problems.Add(Invariant($"{nameof(StrategyBound)} must be at least 1 (was {bound})."));
            }
        }

        if (MaxSteps < 1)
        {
            problems.Add(Invariant($"{nameof(MaxSteps)} must be at least 1 (was {MaxSteps})."));
        }

        if (DeadlockTimeout < TimeSpan.FromMilliseconds(1) || DeadlockTimeout > TimeSpan.FromHours(1))
        {
            problems.Add(Invariant($"{nameof(DeadlockTimeout)} must be between 1 ms and 1 hour (was {DeadlockTimeout})."));
        }

        if (MaxBugs < 1)
        {
            problems.Add(Invariant($"{nameof(MaxBugs)} must be at least 1 (was {MaxBugs})."));
        }

        if (IgnoreLeakedTasksIn is null || IgnoreLeakedTasksIn.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{nameof(IgnoreLeakedTasksIn)} must not be null or contain an empty entry.");
        }

        if (SuppressDataRacesOn is null || SuppressDataRacesOn.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{nameof(SuppressDataRacesOn)} must not be null or contain an empty entry.");
        }

        if (string.IsNullOrWhiteSpace(TraceDirectory))
        {
            problems.Add($"{nameof(TraceDirectory)} must not be empty.");
        }
        else if (TraceDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add($"{nameof(TraceDirectory)} must be a valid path (was '{TraceDirectory}').");
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder($"Invalid {nameof(ExplorationOptions)}:");
            foreach (var problem in problems)
            {
                message.Append('\n').Append(problem);
            }

            throw new ArgumentException(message.ToString());
        }
    }

    /// <summary>Validates and returns the values the engine uses, with every default resolved.</summary>
    internal ResolvedOptions Resolve()
    {
        Validate();
        uint bound = StrategyBound ?? Strategy switch
        {
            StrategyKind.Probabilistic => ExplorationDefaults.ProbabilisticBound,
            StrategyKind.Pct or StrategyKind.FairPct => ExplorationDefaults.PctBound,
            _ => 0,
        };
        return new ResolvedOptions(Iterations, TimeBudget, Seed, Strategy, bound, MaxSteps, ReportStepBoundAsHang,
            DeadlockTimeout, MaxBugs, Path.GetFullPath(TraceDirectory), DetectLeakedTasks, [.. IgnoreLeakedTasksIn], DetectDataRaces, [.. SuppressDataRacesOn], RunOnOneCpu);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
