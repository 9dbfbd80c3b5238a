using System.Globalization;
using System.Text;
using Weft.Benchmarks.Harness;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Reporting;

/// <summary>Writes docs/benchmarks.md from the measurements of one run: pure, so that tests pin its output.</summary>
internal static class BenchmarkReport
{
    /// <summary>The most Weft's checkers may cost over Coyote alone, and race detection over none, per iteration.</summary>
    public const double CostLimit = 1.5;

    /// <summary>The strategies of the bug-finding table, in column order.</summary>
    public static readonly IReadOnlyList<string> PowerStrategies = ["random", "probabilistic", "pct", "portfolio"];

    /// <summary>A lever whose speedup is within this factor of 1 is reported as noise.</summary>
    private const double NoiseBand = 1.25;

    public static string Write(BenchmarkResults results)
    {
        var text = new StringBuilder();
        Header(text, results);
        Throughput(text, results.Throughput);
        Levers(text, results.Levers, results.Profile);
        Power(text, results.Power);
        Primitives(text, results.Primitives);
        Reading(text, results);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
    }

    /// <summary>Time per iteration of <paramref name="config"/> over Coyote alone's (median iterations per second of each),
    /// or <see langword="null"/> when either is missing or Coyote alone reported bugs on this correct scenario.</summary>
    public static double? CostOverCoyote(ThroughputResults results, string scenario, ThroughputConfig config) =>
        Rate(results, scenario, ThroughputConfig.CoyoteAlone) is { } coyote && CoyoteIsClean(results, scenario) && Rate(results, scenario, config) is { } rate
            ? coyote / rate
            : null;

    /// <summary>Time per iteration with race detection over without (leak detection on in both).</summary>
    public static double? RaceCost(ThroughputResults results, string scenario) =>
        Rate(results, scenario, ThroughputConfig.RacesOff) is { } off && Rate(results, scenario, ThroughputConfig.AllOn) is { } on ? off / on : null;

    /// <summary>The median iterations per second of a pair, or <see langword="null"/>.</summary>
    public static double? Rate(ThroughputResults results, string scenario, ThroughputConfig config) =>
        results.Samples.TryGetValue((scenario, config.Name), out var samples) && samples.Count > 0 && samples.All(s => s.Iterations > 0)
            ? Statistics.Median(samples.Select(s => s.IterationsPerSecond))
            : null;

    private static bool CoyoteIsClean(ThroughputResults results, string scenario) =>
        results.Samples.TryGetValue((scenario, ThroughputConfig.CoyoteAlone.Name), out var samples) && samples.All(s => s.Bugs == 0);

    private static void Header(StringBuilder text, BenchmarkResults results)
    {
        text.Append("# Benchmarks\n\n");
        text.Append("How fast Weft explores, what its checkers cost over Coyote alone, where Coyote's own time goes and which levers\n");
        text.Append("move it, how quickly each strategy finds the catalog's bugs compared with a plain stress test, and what Weft's\n");
        text.Append("production primitives cost next to the BCL's. Generated; do not edit by hand. Regenerate with:\n\n");
        text.Append("```sh\n").Append(results.Command).Append("\n```\n\n");
        text.Append("`--quick` makes a fast, rougher pass (fewer rounds, seeds and seconds; one class of the primitives). ");
        text.Append("The machine is shared and has few cores, so absolute times are noise: every comparison below is a ratio of\n");
        text.Append("figures measured side by side in the same run, each in a fresh child process, configurations interleaved round by round.\n\n");
        text.Append(Invariant($"This run: {(results.Quick ? "quick pass" : "full run")}, {results.Duration.TotalMinutes:0.0} minutes. {results.Settings}\n\n"));
        text.Append("## Machine\n\n");
        var machine = new MarkdownTable("What", "Value")
            .Add("CPU", results.Machine.Cpu)
            .Add("Cores", results.Machine.Cores.ToString(CultureInfo.InvariantCulture))
            .Add("Memory", results.Machine.Memory)
            .Add("OS", results.Machine.Os)
            .Add(".NET", results.Machine.Runtime)
            .Add("Coyote", results.Machine.Coyote)
            .Add("Load average (1, 5, 15 min)", $"{results.Machine.Load} at the start, {results.LoadAfter} at the end");
        text.Append(machine).Append('\n');
    }

    private static void Throughput(StringBuilder text, ThroughputResults? results)
    {
        text.Append("## 1. Exploration throughput\n\n");
        if (results is null)
        {
            text.Append("Not measured in this run.\n\n");
            return;
        }

        text.Append("Each scenario is explored with the random strategy for a fixed wall-clock time, after a warm-up, by Coyote's\n");
        text.Append("`TestingEngine` alone (on assemblies rewritten by Coyote only: no Weft pass, no Weft checker, Coyote configured\n");
        text.Append("as Weft configures it) and by Weft with each checker on and off, all with the threads placed by the OS as Coyote alone\n");
        text.Append("places them (`RunOnOneCpu = false`), so that the ratios are Weft's own work; the last column is Weft as it ships, on one\n");
        text.Append("CPU (section 2 says why that is faster). A *decision* is one scheduling step of Coyote's\n");
        text.Append("scheduler; every controlled operation (task, continuation) runs on an OS thread of its own, so *threads* counts them.\n\n");
        text.Append("**Coyote alone, the reference** (absolute figures: for orientation only, they move with the machine's load):\n\n");
        var reference = new MarkdownTable("Scenario", "Stands for", ">Iterations/s", ">µs per decision", ">Decisions per iteration", ">Threads per iteration", "Note");
        foreach (var (id, role) in results.Scenarios)
        {
            if (!results.Samples.TryGetValue((id, ThroughputConfig.CoyoteAlone.Name), out var samples) || samples.Count == 0)
            {
                reference.Add($"`{id}`", role, "n/a", "n/a", "n/a", "n/a", results.Failures.GetValueOrDefault((id, ThroughputConfig.CoyoteAlone.Name)) ?? "not measured");
                continue;
            }

            var median = samples.OrderBy(s => s.IterationsPerSecond).ElementAt(samples.Count / 2);
            int bugs = samples.Sum(s => s.Bugs);
            int iterations = samples.Sum(s => s.Iterations);
            string note = bugs > 0
                ? Invariant($"{bugs} of {iterations} iterations reported a bug in this correct scenario (first: {Shorten(samples.First(s => s.Bugs > 0).FirstBug)}); no ratio against it")
                : string.Empty;
            reference.Add($"`{id}`", role, Figures.Number(Statistics.Median(samples.Select(s => s.IterationsPerSecond))),
                median.MicrosecondsPerStep is { } us ? Figures.Number(us) : "n/a",
                Figures.Number((double)samples.Sum(s => s.Steps) / Math.Max(1, iterations)),
                Figures.Number((double)samples.Sum(s => s.Operations) / Math.Max(1, iterations)), note);
        }

        text.Append(reference).Append('\n');
        if (results.Scenarios.Any(s => !CoyoteIsClean(results, s.Id)))
        {
            text.Append("Where Coyote alone reports a bug in a correct scenario, or fails, it cannot run that scenario as written: Coyote 1.7.11\n");
            text.Append("does not control the BCL's channels and timers (DESIGN.md), so a channel wait looks like a deadlock, or like a potential\n");
            text.Append("one once the 5 s deadlock timeout has passed, and a real timer's callback or a channel's continuation runs on an\n");
            text.Append("uncontrolled thread-pool thread and touches Coyote's controlled state (a lock, a task), which can crash Coyote's runtime\n");
            text.Append("(\"the worker failed\" above). Weft's channel model and virtual time are what make these scenarios\n");
            text.Append("explorable, so they have no ratio against Coyote alone.\n\n");
        }

        text.Append("**Weft's cost: time per iteration relative to Coyote alone** (lower is better; 1.00× is Coyote's speed):\n\n");
        var weftConfigs = results.Configs.Where(c => c.Engine == Engine.Weft).ToArray();
        var cost = new MarkdownTable([.. new[] { "Scenario" }, .. weftConfigs.Select(c => ">" + c.Name), ">Race detection on ÷ off"]);
        foreach (var (id, _) in results.Scenarios)
        {
            cost.Add([$"`{id}`", .. weftConfigs.Select(c => Cell(CostOverCoyote(results, id, c), results, id, c)), Cell(RaceCost(results, id))]);
        }

        var comparable = results.Scenarios.Select(s => s.Id).Where(id => CostOverCoyote(results, id, ThroughputConfig.AllOn) is not null).ToArray();
        if (comparable.Length > 0)
        {
            cost.Add([
                "geometric mean",
                .. weftConfigs.Select(c => GeoMean(comparable.Select(id => CostOverCoyote(results, id, c)))),
                GeoMean(results.Scenarios.Select(s => RaceCost(results, s.Id))),
            ]);
        }

        text.Append(cost).Append('\n');
        text.Append("**Scheduling decisions per iteration and time per decision**, each configuration relative to Coyote alone (Weft's models\n");
        text.Append("add scheduling points of their own, such as the leak check's final wait, so the two ratios differ):\n\n");
        var decisions = new MarkdownTable([.. new[] { "Scenario" }, .. results.Configs.Select(c => ">" + c.Name)]);
        foreach (var (id, _) in results.Scenarios)
        {
            decisions.Add([$"`{id}`", .. results.Configs.Select(c => DecisionCell(results, id, c))]);
        }

        text.Append(decisions).Append('\n');
        text.Append(Invariant($"Cells read *decisions per iteration / time per decision ÷ Coyote alone's*.\n\n"));
        Requirements(text, results, comparable);
    }

    private static void Requirements(StringBuilder text, ThroughputResults results, string[] comparable)
    {
        text.Append("**Requirements.** ");
        if (comparable.Length == 0)
        {
            text.Append("No scenario could be compared with Coyote alone in this run.\n\n");
            return;
        }

        double all = Statistics.GeometricMean(comparable.Select(id => CostOverCoyote(results, id, ThroughputConfig.AllOn)!.Value));
        var over = comparable.Where(id => CostOverCoyote(results, id, ThroughputConfig.AllOn) > CostLimit).ToArray();
        text.Append(Invariant($"Weft with every checker on costs {Figures.Ratio(all)} Coyote alone's time per iteration on the geometric mean of the {comparable.Length} scenarios Coyote alone runs correctly (limit {Figures.Ratio(CostLimit)}): "));
        text.Append(all <= CostLimit ? "met" : "**not met**");
        text.Append(over.Length == 0 ? "; every scenario is within the limit. " : $"; over the limit: {string.Join(", ", over.Select(id => $"`{id}` ({Figures.Ratio(CostOverCoyote(results, id, ThroughputConfig.AllOn)!.Value)})"))}. ");
        var races = results.Scenarios.Select(s => (s.Id, Cost: RaceCost(results, s.Id))).Where(r => r.Cost is not null).ToArray();
        if (races.Length > 0)
        {
            double race = Statistics.GeometricMean(races.Select(r => r.Cost!.Value));
            var raceOver = races.Where(r => r.Cost > CostLimit).Select(r => $"`{r.Id}` ({Figures.Ratio(r.Cost!.Value)})").ToArray();
            text.Append(Invariant($"Race detection costs {Figures.Ratio(race)} no race detection (limit {Figures.Ratio(CostLimit)}): "));
            text.Append(race <= CostLimit ? "met" : "**not met**");
            text.Append(raceOver.Length == 0 ? "; every scenario is within the limit." : $"; over the limit: {string.Join(", ", raceOver)}.");
        }

        if (Shipped(results, comparable) is { } shipped)
        {
            text.Append(Invariant($" Weft as shipped, which also runs the exploration's threads on one CPU (`ExplorationOptions.RunOnOneCpu`), takes {Figures.Ratio(shipped)} Coyote alone's time per iteration."));
        }

        text.Append("\n\n");
    }

    /// <summary>Weft as shipped over Coyote alone, geometric mean over <paramref name="comparable"/>.</summary>
    private static double? Shipped(ThroughputResults results, IEnumerable<string> comparable) =>
        GeoMeanValue(comparable.Select(id => CostOverCoyote(results, id, ThroughputConfig.Default)));

    private static void Levers(StringBuilder text, IReadOnlyList<LeverResult>? levers, string? profile)
    {
        text.Append("## 2. Where Coyote's time goes, and the levers that need no change to Coyote\n\n");
        text.Append("Coyote 1.7.11 runs every controlled operation on a new OS thread and hands control from one thread to the next\n");
        text.Append("with a `ManualResetEventSlim` per operation (`ControlledOperation.WaitSignal`/`Signal`): each scheduling decision\n");
        text.Append("is a wake-up of another thread and a block of this one, and each task or continuation a thread created, named\n");
        text.Append("(`Guid.NewGuid()`) and torn down.\n\n");
        if (profile is not null)
        {
            text.Append(profile.TrimEnd()).Append("\n\n");
        }

        if (levers is null)
        {
            text.Append("The levers were not measured in this run.\n\n");
            return;
        }

        text.Append("Each lever was measured on the yield probe with Coyote alone, in worker processes interleaved round by round with the\n");
        text.Append("baseline (a baseline sample before every few levers); *speedup* is the lever's median iterations per second over the\n");
        text.Append("median of every baseline sample (above 1.00× is faster). A speedup\n");
        text.Append(Invariant($"within {Figures.Ratio(NoiseBand)} of 1 either way is read as noise on this shared machine; the range shows each round's sample over\n"));
        text.Append("the same baseline median, so a wide range says the machine's load moved during the run.\n\n");
        var table = new MarkdownTable("Lever", "What it changes", ">Speedup", ">Range over rounds", "Reading");
        foreach (var lever in levers)
        {
            table.Add(lever.Name, lever.What, lever.Speedup is { } s ? Figures.Ratio(s) : "n/a",
                lever.Low is { } low && lever.High is { } high ? $"{Figures.Ratio(low)} – {Figures.Ratio(high)}" : "n/a", LeverReading(lever));
        }

        text.Append(table).Append('\n');
        text.Append("**What became Weft's default.** Running the exploration's threads on one CPU is the lever that needs nothing outside\n");
        text.Append("Weft and changes no schedule, so Weft does it in-process: `ExplorationOptions.RunOnOneCpu`, on by default on Linux,\n");
        text.Append("narrows the affinity of the threads the exploration creates to one CPU while it runs, and restores it afterwards (the\n");
        text.Append("throughput table's last column measures it; `CpuAffinityTests` and `ExplorationOptionsTests.Defaults_AreThePublishedValues`\n");
        text.Append("pin it). The runtime settings (GC mode, tiered compilation, `DOTNET_PROCESSOR_COUNT`, stack size) act on the whole\n");
        text.Append("test process, the code under test included, so Weft does not impose them; a test project may set them itself\n");
        text.Append("(`<ServerGarbageCollection>`, `<TieredPGO>` and the like in its project file) where this table shows a gain. Several\n");
        text.Append("processes on disjoint seeds is a matter for the test runner or CI (shard explorations over seeds); the strategies trade\n");
        text.Append("speed for different schedules and are chosen for bug-finding (section 3), not speed.\n\n");
        text.Append("To look further, the repository's tool manifest pins `dotnet-trace` and `dotnet-counters` (`dotnet tool restore`), and\n");
        text.Append("`DOTNET_PerfMapEnabled=1 perf record -g` on a worker (`dotnet exec tools/Weft.Benchmarks/bin/Release/net10.0/Weft.Benchmarks.dll\n");
        text.Append("worker throughput --engine weft --scenario bench/yield-probe --seconds 10`) gives managed frames their names.\n\n");
    }

    /// <summary>What a lever's speedup says, in words.</summary>
    public static string LeverReading(LeverResult lever) => lever.Speedup switch
    {
        null => lever.Note ?? "not measured",
        >= NoiseBand => "faster" + (lever.Note is null ? string.Empty : "; " + lever.Note),
        <= 1 / NoiseBand => "slower" + (lever.Note is null ? string.Empty : "; " + lever.Note),
        _ => "no clear effect" + (lever.Note is null ? string.Empty : "; " + lever.Note),
    };

    private static void Power(StringBuilder text, IReadOnlyList<PowerRow>? rows)
    {
        text.Append("## 3. Bug-finding power\n\n");
        if (rows is null)
        {
            text.Append("Not measured in this run.\n\n");
            return;
        }

        int seeds = rows.SelectMany(r => r.Samples.GroupBy(s => s.Strategy).Select(g => g.Count())).DefaultIfEmpty(0).Max();
        text.Append(Invariant($"Every buggy scenario of the catalog (enumerated at run time: {rows.Count} in this run), explored with each strategy\n"));
        text.Append(Invariant($"from {seeds} seeds far apart, each exploration until its first bug or its budget. A cell gives the median iterations and\n"));
        text.Append("seconds to the first bug of the declared kind, and in how many seeds it was found; `—` when it was found in half the\n");
        text.Append("seeds or fewer (the median is then \"not within the budget\"; once more than half the seeds had missed, the rest were not run).\n");
        text.Append("The strategies are Weft's (`ExplorationOptions.Strategy`): `random` picks uniformly at every scheduling point,\n");
        text.Append("`probabilistic` keeps the running task with probability 1 − 1/2³, `pct` is PCT with 10 priority changes, and\n");
        text.Append("`portfolio`, Weft's default, is Coyote's fair portfolio, which rotates per iteration through random, probabilistic,\n");
        text.Append("fair PCT and fair delay-bounding.\n");
        text.Append("The stress test runs the same scenario, not rewritten, on real threads (the thread pool, the BCL's locks, channels and\n");
        text.Append("timers, real time) in a loop for as long as the portfolio's median exploration took (at least one run), and once more\n");
        text.Append("for a fixed, longer time (the settings line above says how long), which no exploration here needed; a failed\n");
        text.Append("`Check` or an exception fails it, and a run that does not finish within its timeout counts as a hang or deadlock.\n");
        text.Append("A stress test sees only what breaks a run: a data race is \"found\" only if it happens to corrupt a value that an\n");
        text.Append("assertion checks, and a leaked task never fails a run at all.\n\n");
        double longSeconds = rows.Select(r => r.LongStress?.Seconds ?? 0).DefaultIfEmpty(0).Max();
        var table = new MarkdownTable([.. new[] { "Scenario", "Declared bug" }, .. PowerStrategies, "Stress test, same time", "Stress test, longer"]);
        foreach (var row in rows)
        {
            if (row.Error is not null && row.Samples.Count == 0)
            {
                table.Add([$"`{row.Scenario}`", row.Expected, .. PowerStrategies.Select(_ => "n/a"), $"error: {Shorten(row.Error)}", "n/a"]);
                continue;
            }

            table.Add([$"`{row.Scenario}`", row.Expected, .. PowerStrategies.Select(s => PowerCell(row, s)), StressCell(row.Stress), StressCell(row.LongStress)]);
        }

        table.Add([
            "**found**", string.Empty,
            .. PowerStrategies.Select(s => Invariant($"**{rows.Count(r => MedianFound(r, s))} of {rows.Count}**")),
            Invariant($"**{rows.Count(r => r.Stress?.Failure is not null)} of {rows.Count}**"),
            Invariant($"**{rows.Count(r => r.LongStress?.Failure is not null)} of {rows.Count}**"),
        ]);
        text.Append(table).Append('\n');
        text.Append("A strategy *found* a scenario when it found the declared bug in more than half the seeds. The stress test *found* it\n");
        text.Append("when any run failed; the cell says how (an assertion, an exception, or a timeout standing for a hang or deadlock).\n\n");
    }

    /// <summary>Whether the median exploration of <paramref name="strategy"/> found the declared bug.</summary>
    public static bool MedianFound(PowerRow row, string strategy)
    {
        var samples = row.Samples.Where(s => s.Strategy == strategy).ToArray();
        return samples.Length > 0 && samples.Count(s => s.Found) * 2 > samples.Length;
    }

    /// <summary>One cell of the bug-finding table.</summary>
    public static string PowerCell(PowerRow row, string strategy)
    {
        var samples = row.Samples.Where(s => s.Strategy == strategy).ToArray();
        if (samples.Length == 0)
        {
            return "n/a";
        }

        var hits = samples.Where(s => s.Found).ToArray();
        int misses = samples.Length - hits.Length;
        string found = Invariant($"({hits.Length}/{samples.Length})");
        var iterations = Statistics.MedianWithMisses(hits.Select(s => (double)s.Iterations).ToArray(), misses);
        var seconds = Statistics.MedianWithMisses(hits.Select(s => s.Seconds).ToArray(), misses);
        return iterations is { } i && seconds is { } t ? $"{Figures.Number(i)} it, {Figures.Seconds(t)} {found}" : $"— {found}";
    }

    private static string StressCell(StressSample? stress) => stress switch
    {
        null => "n/a",
        { Failure: null } => Invariant($"not found ({stress.Runs:#,0} runs, {Figures.Seconds(stress.Seconds)})"),
        _ => Invariant($"{stress.Failure} after {stress.Runs:#,0} runs, {Figures.Seconds(stress.Seconds)}"),
    };

    private static void Primitives(StringBuilder text, PrimitivesResults? primitives)
    {
        text.Append("## 4. Primitives (BenchmarkDotNet)\n\n");
        if (primitives is null)
        {
            text.Append("Not run in this run.\n\n");
            return;
        }

        text.Append("`tools/Weft.Benchmarks.Primitives` measures Weft's production primitives against the BCL's (outside any exploration).\n");
        if (primitives.Note is not null)
        {
            text.Append(primitives.Note).Append('\n');
        }

        text.Append('\n');
        foreach (var (title, markdown) in primitives.Tables)
        {
            text.Append("### ").Append(title).Append("\n\n").Append(markdown.Trim()).Append("\n\n");
        }

        if (primitives.Reading is not null)
        {
            text.Append("### Reading the primitives\n\n").Append(DemoteHeadings(primitives.Reading.Trim())).Append("\n\n");
        }
    }

    private static void Reading(StringBuilder text, BenchmarkResults results)
    {
        text.Append("## 5. Reading\n\n");
        if (results.Throughput is { } throughput)
        {
            var probe = throughput.Scenarios.FirstOrDefault().Id;
            if (probe is not null && throughput.Samples.TryGetValue((probe, ThroughputConfig.CoyoteAlone.Name), out var samples) && samples.Count > 0)
            {
                var median = samples.OrderBy(s => s.IterationsPerSecond).ElementAt(samples.Count / 2);
                text.Append(Invariant($"- Coyote is the floor. On the yield probe it runs about {Figures.Number(1000 / median.IterationsPerSecond)} ms an iteration here, "));
                text.Append(Invariant($"{(median.MicrosecondsPerStep is { } us ? Figures.Number(us) : "n/a")} µs a scheduling decision, with "));
                text.Append(Invariant($"{Figures.Number((double)median.Operations / Math.Max(1, median.Iterations))} threads started per iteration; "));
                text.Append("an executor that ran continuations on one thread would be orders of magnitude faster for async-only code (DESIGN.md).\n");
            }

            var comparable = throughput.Scenarios.Select(s => s.Id).Where(id => CostOverCoyote(throughput, id, ThroughputConfig.AllOn) is not null).ToArray();
            if (comparable.Length > 0)
            {
                double all = Statistics.GeometricMean(comparable.Select(id => CostOverCoyote(throughput, id, ThroughputConfig.AllOn)!.Value));
                double none = GeoMeanValue(comparable.Select(id => CostOverCoyote(throughput, id, ThroughputConfig.AllOff))) ?? double.NaN;
                text.Append(Invariant($"- Weft with every checker takes {Figures.Ratio(all)} Coyote alone's time per iteration (geometric mean), and with no checker {Figures.Ratio(none)}; "));
                text.Append(Invariant($"so the checkers themselves cost about {Figures.Ratio(all / none)} (a figure near or below 1.00× is within this run's noise)."));
                if (Shipped(throughput, comparable) is { } shipped)
                {
                    text.Append(Invariant($" As shipped, on one CPU, Weft runs at {Figures.Ratio(shipped)} Coyote alone's time per iteration."));
                }

                text.Append(" Scenarios that Coyote alone cannot run correctly (channels, timers) have no ratio: there Weft's\n");
                text.Append("models are what makes them explorable at all, and virtual time makes a timer scenario take milliseconds instead of seconds.\n");
            }
        }

        if (results.Levers is { Count: > 0 } levers)
        {
            var faster = levers.Where(l => l.Speedup >= NoiseBand).Select(l => $"{l.Name} ({Figures.Ratio(l.Speedup!.Value)})").ToArray();
            text.Append(faster.Length == 0
                ? "- No lever that leaves Coyote unchanged made a single exploration clearly faster in this run.\n"
                : $"- Levers that made exploration faster in this run: {string.Join(", ", faster)}.\n");
        }

        if (results.Power is { Count: > 0 } power)
        {
            int stress = power.Count(r => r.Stress?.Failure is not null);
            int longStress = power.Count(r => r.LongStress?.Failure is not null);
            var best = PowerStrategies.Select(s => (Strategy: s, Found: power.Count(r => MedianFound(r, s)))).MaxBy(p => p.Found);
            text.Append(Invariant($"- Of {power.Count} buggy scenarios, the best strategy ({best.Strategy}) found {best.Found} within its budget in most seeds; "));
            text.Append(Invariant($"a stress test on real threads given the same time found {stress}, and given much longer {longStress}. Data races and leaked tasks are where the gap is widest: "));
            text.Append("Weft reports them on the first iteration whether or not anything breaks.\n");
        }

        text.Append("- Treat every figure as a ratio from one run on a shared machine; regenerate on a quiet machine before comparing runs.\n");
    }

    private static string Cell(double? ratio, ThroughputResults? results = null, string? scenario = null, ThroughputConfig? config = null)
    {
        if (ratio is { } r)
        {
            return Figures.Ratio(r);
        }

        if (results is not null && scenario is not null && config is not null && results.Failures.TryGetValue((scenario, config.Name), out var failure))
        {
            return "failed: " + Shorten(failure);
        }

        return "n/a";
    }

    private static string DecisionCell(ThroughputResults results, string scenario, ThroughputConfig config)
    {
        if (!results.Samples.TryGetValue((scenario, config.Name), out var samples) || samples.Count == 0 || samples.Sum(s => s.Iterations) == 0)
        {
            return "n/a";
        }

        double perIteration = (double)samples.Sum(s => s.Steps) / samples.Sum(s => s.Iterations);
        double? perStep = samples.Sum(s => s.Steps) > 0 ? samples.Sum(s => s.Seconds) / samples.Sum(s => s.Steps) : null;
        double? coyotePerStep = CoyoteIsClean(results, scenario) && results.Samples.TryGetValue((scenario, ThroughputConfig.CoyoteAlone.Name), out var coyote) && coyote.Sum(s => s.Steps) > 0
            ? coyote.Sum(s => s.Seconds) / coyote.Sum(s => s.Steps)
            : null;
        string ratio = perStep is { } p && coyotePerStep is { } c ? Figures.Ratio(p / c) : "n/a";
        return $"{Figures.Number(perIteration)} / {ratio}";
    }

    private static string GeoMean(IEnumerable<double?> ratios) => GeoMeanValue(ratios) is { } g ? Figures.Ratio(g) : "n/a";

    private static double? GeoMeanValue(IEnumerable<double?> ratios)
    {
        var values = ratios.Where(r => r is > 0).Select(r => r!.Value).ToArray();
        return values.Length == 0 ? null : Statistics.GeometricMean(values);
    }

    /// <summary>Fits a markdown file under a third-level heading: drops its own title (a leading first-level heading) and
    /// moves every other heading two levels down.</summary>
    public static string DemoteHeadings(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[0].StartsWith("# ", StringComparison.Ordinal))
        {
            lines.RemoveAt(0);
        }

        return string.Join('\n', lines.Select(line => line.StartsWith('#') ? "##" + line : line)).Trim();
    }

    private static string Shorten(string? text)
    {
        string line = (text ?? string.Empty).Split('\n')[0].Trim();
        return line.Length <= 120 ? line : line[..117] + "...";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
