using System.Globalization;
using System.Text;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>Section 2's profile: where a Coyote-alone exploration of the yield probe spends its time, from <c>perf</c>
/// (software events only: <c>cpu-clock</c> samples and the kernel's context-switch counts, which work where hardware counters
/// do not), with the JIT's perf map so that managed frames have names.</summary>
internal sealed class ProfileSuite(WorkerClient workers, ReportSettings settings, IProgressLog log)
{
    private const string Perf = "/usr/bin/perf";

    public async Task<string> RunAsync(CancellationToken cancellation)
    {
        if (!File.Exists(Perf))
        {
            return "*Profile:* not taken: `perf` is not installed at /usr/bin/perf.";
        }

        string folder = Directory.CreateTempSubdirectory("weft-bench-perf-").FullName;
        var started = DateTime.UtcNow;
        try
        {
            // Long enough that the measured exploration, not start-up and JIT, makes most of the process's life.
            var job = new ThroughputJob(Engine.Coyote, LeverSuite.Probe, settings.Quick ? 3 : 10, 0, "random", false, false, CoyoteSetting.None);
            var environment = new Dictionary<string, string> { ["DOTNET_PerfMapEnabled"] = "1" };
            var timeout = TimeSpan.FromMinutes(3);

            string stat = Path.Combine(folder, "stat.csv");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var counted = await workers.StartAsync(WorldKind.Coyote, WorkerCommand.Arguments(job), timeout, cancellation, environment,
                [Perf, "stat", "-x", ",", "-o", stat, "-e", "task-clock,context-switches,cpu-migrations,page-faults", "--"]);
            double wall = clock.Elapsed.TotalSeconds;
            var sample = WorkerClient.Parse<ThroughputSample>(counted.Output).FirstOrDefault();

            string data = Path.Combine(folder, "perf.data");
            var recorded = await workers.StartAsync(WorldKind.Coyote, WorkerCommand.Arguments(job), timeout, cancellation, environment,
                [Perf, "record", "-e", "cpu-clock", "-F", "999", "-g", "-o", data, "--"]);
            if (recorded.ExitCode != 0 || !File.Exists(data))
            {
                return $"*Profile:* `perf record` failed: {recorded.Error.Split('\n').FirstOrDefault()}";
            }

            string byDso = await ReportAsync(data, "dso", 1.0, 12, cancellation);
            string bySymbol = await ReportAsync(data, "dso,sym", 0.8, 30, cancellation);
            log.Step("profile", "perf stat and perf record of Coyote alone on the yield probe");
            return Format(sample, wall, File.Exists(stat) ? File.ReadAllText(stat) : string.Empty, byDso, bySymbol);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            DeletePerfMaps(started);
        }
    }

    private static async Task<string> ReportAsync(string data, string sort, double limit, int lines, CancellationToken cancellation)
    {
        var result = await ChildProcess.RunAsync(Perf,
            ["report", "-i", data, "--stdio", "--no-children", "-g", "none", "--sort", sort, "--percent-limit", limit.ToString(CultureInfo.InvariantCulture)],
            null, null, TimeSpan.FromMinutes(3), cancellation);
        return string.Join('\n', result.Output.Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).Take(lines).Select(l => l.TrimEnd()));
    }

    private static string Format(ThroughputSample? sample, double wall, string stat, string byDso, string bySymbol)
    {
        var counters = stat.Split('\n')
            .Select(l => l.Split(','))
            .Where(f => f.Length > 2 && double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToDictionary(f => f[2], f => double.Parse(f[0], CultureInfo.InvariantCulture));
        var text = new StringBuilder();
        text.Append("**Profile of Coyote alone on the yield probe** (one worker process: start-up, warm-up and the measured exploration).\n\n");
        if (sample is not null && sample.Steps > 0 && counters.TryGetValue("context-switches", out double switches))
        {
            double cpu = counters.GetValueOrDefault("task-clock") / 1000;
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"`perf stat` over the whole process ({wall:0.0} s of wall-clock time, of which {sample.Seconds:0.0} s the measured exploration: {sample.Steps:#,0} decisions, {sample.Operations:#,0} threads): "));
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{cpu:0.0} s of CPU, that is {cpu / wall:0.00} of the {Environment.ProcessorCount} CPUs busy; {switches:#,0} context switches "));
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"(about {switches / sample.Steps:0} per measured decision, start-up included) and {counters.GetValueOrDefault("cpu-migrations"):#,0} migrations between CPUs. "));
            text.Append("A process that keeps less than one CPU busy while exploring is mostly waiting: for the next thread of the hand-over to be woken and scheduled.\n\n");
        }

        text.Append("`perf report --sort dso` (share of CPU samples by binary; `[kernel.kallsyms]` is the kernel: thread creation, futex\n");
        text.Append("waits and wake-ups, scheduling; `perf-<pid>.map` is JIT-compiled managed code; `libcoreclr.so` is the runtime):\n\n");
        text.Append("```text\n").Append(byDso).Append("\n```\n\n");
        text.Append("These are shares of the little CPU the process uses, not of its wall-clock time: the JIT's large share is start-up and\n");
        text.Append("tiered recompilation, paid once; what recurs per decision is the kernel's thread switching and the runtime's thread\n");
        text.Append("creation and wake-ups.\n\n");
        text.Append("The hottest symbols (`--sort dso,sym`):\n\n");
        text.Append("```text\n").Append(bySymbol).Append("\n```");
        return text.ToString();
    }

    /// <summary>Removes the perf maps that the profiled runtimes wrote to /tmp during this suite: those written since it
    /// started by a process that has ended.</summary>
    private static void DeletePerfMaps(DateTime since)
    {
        foreach (string pattern in new[] { "perf-*.map", "perfinfo-*.map" })
        {
            foreach (var file in new DirectoryInfo("/tmp").EnumerateFiles(pattern))
            {
                string pid = file.Name[(file.Name.IndexOf('-', StringComparison.Ordinal) + 1)..^".map".Length];
                if (file.LastWriteTimeUtc >= since.AddSeconds(-1) && !Directory.Exists($"/proc/{pid}"))
                {
                    try
                    {
                        file.Delete();
                    }
                    catch (IOException)
                    {
                        // Another process's map, still in use: not ours to remove.
                    }
                }
            }
        }
    }
}
