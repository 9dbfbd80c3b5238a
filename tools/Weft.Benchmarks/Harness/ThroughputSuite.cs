using System.Globalization;
using Weft.Benchmarks.Reporting;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>Section 1: iterations per second and time per decision of each scenario under each configuration.</summary>
internal sealed class ThroughputSuite(WorkerClient workers, ReportSettings settings, IProgressLog log)
{
    /// <summary>The scenarios of the table and what each stands for; ids missing from the catalog are reported as such.</summary>
    public static readonly IReadOnlyList<(string Id, string Role)> Scenarios =
    [
        ("bench/yield-probe", "DESIGN.md's probe: 3 tasks × 10 `Task.Yield()`"),
        ("atomics/counter", "counters: two tasks, `Interlocked`"),
        ("atomics/counter-with-lock", "counters: two tasks, `lock`"),
        ("lock-sharding/transfer", "lock transfer: two nested `lock`s"),
        ("task-leaks/bounded-producer", "a bounded channel and a producer"),
        ("worker-pool/go-style-pool", "a channel worker pool"),
        ("timers/overlapping-callbacks", "a periodic `Timer`, 1 s apart"),
    ];

    public async Task<ThroughputResults> RunAsync(CancellationToken cancellation)
    {
        var samples = new Dictionary<(string, string), List<ThroughputSample>>();
        var failures = new Dictionary<(string, string), string>();
        var scenarios = Scenarios.Where(s => Exists(s.Id, failures)).ToArray();
        for (int round = 0; round < settings.ThroughputRounds; round++)
        {
            foreach (var (id, _) in scenarios)
            {
                foreach (var config in ThroughputConfig.All)
                {
                    if (failures.ContainsKey((id, config.Name)) || KnownUnfit(samples, id, config))
                    {
                        continue;
                    }

                    var job = new ThroughputJob(config.Engine, id, settings.ThroughputSeconds, Seed: (uint)round, "random",
                        config.DetectDataRaces, config.DetectLeakedTasks, CoyoteSetting.None, config.RunOnOneCpu);
                    try
                    {
                        var sample = await MeasureAsync(workers, job, null, cancellation);
                        (samples.TryGetValue((id, config.Name), out var list) ? list : samples[(id, config.Name)] = []).Add(sample);
                        log.Step("throughput", string.Create(CultureInfo.InvariantCulture,
                            $"round {round + 1}/{settings.ThroughputRounds} {id} [{config.Name}]: {sample.IterationsPerSecond:0.#} iterations/s"));
                    }
                    catch (WorkerException ex)
                    {
                        failures[(id, config.Name)] = ex.Message;
                        samples.Remove((id, config.Name));
                        log.Warn($"throughput {id} [{config.Name}]: {ex.Message}");
                    }
                }
            }
        }

        return new ThroughputResults(Scenarios, ThroughputConfig.All,
            samples.ToDictionary(p => p.Key, p => (IReadOnlyList<ThroughputSample>)p.Value), failures);
    }

    /// <summary>Runs one throughput worker in the world of the job's engine.</summary>
    public static async Task<ThroughputSample> MeasureAsync(WorkerClient workers, ThroughputJob job,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellation, IReadOnlyList<string>? prefix = null)
    {
        var world = job.Engine == Engine.Coyote ? WorldKind.Coyote : WorldKind.Weft;
        // Generous: an iteration that meets uncontrolled concurrency can wait for the deadlock timeout (5 s).
        var timeout = TimeSpan.FromSeconds(2 * job.Seconds + 90);
        var results = await workers.RunAsync<ThroughputSample>(world, WorkerCommand.Arguments(job), timeout, cancellation, environment, prefix);
        return results.Count == 1 ? results[0] : throw new WorkerException($"the worker reported {results.Count} samples instead of one.");
    }

    /// <summary>Coyote alone already reported bugs in this correct scenario (its channels or timers are not controlled): it
    /// has no ratio, and each further round would only wait out deadlock timeouts again.</summary>
    private static bool KnownUnfit(Dictionary<(string, string), List<ThroughputSample>> samples, string id, ThroughputConfig config) =>
        config == ThroughputConfig.CoyoteAlone && samples.TryGetValue((id, config.Name), out var done) && done.Any(s => s.Bugs > 0);

    private static bool Exists(string id, Dictionary<(string, string), string> failures)
    {
        try
        {
            WorkloadCatalog.Find(id);
            return true;
        }
        catch (ArgumentException)
        {
            foreach (var config in ThroughputConfig.All)
            {
                failures[(id, config.Name)] = "not in the catalog";
            }

            return false;
        }
    }
}
