using System.Diagnostics;
using Weft.Catalog;

namespace Weft.Benchmarks.Workers;

/// <summary>Runs a scenario again and again on real threads, as a plain stress test would, until it fails or the time is up.</summary>
/// <remarks>Runs only in the plain world, where nothing is rewritten: tasks run on the thread pool, locks and channels are
/// the BCL's, time is real. A failed <see cref="Check"/> throws there. A run that does not finish within its timeout counts
/// as a hang or deadlock; its threads cannot be stopped, so the worker ends right after reporting it.</remarks>
internal static class StressWorker
{
    public static StressSample Run(string id, double seconds, double runTimeoutSeconds)
    {
        var scenario = WorkloadCatalog.Find(id);
        WorldCheck.Require(WorldKind.Plain, scenario.Type.Assembly);
        var budget = TimeSpan.FromSeconds(seconds);
        var runTimeout = TimeSpan.FromSeconds(runTimeoutSeconds);
        var clock = Stopwatch.StartNew();
        int runs = 0;
        while (runs == 0 || clock.Elapsed < budget)
        {
            runs++;
            var instance = (IScenario)Activator.CreateInstance(scenario.Type)!;
            var run = Task.Run(instance.RunAsync);
            try
            {
                if (!run.Wait(runTimeout))
                {
                    return new StressSample(runs, clock.Elapsed.TotalSeconds, StressSample.Timeout,
                        $"run {runs} did not finish within {runTimeoutSeconds:0.#} s");
                }
            }
            catch (AggregateException ex) when (ex.InnerException is { } inner)
            {
                string kind = inner.GetType().Name == "AssertionFailureException" ? "assertion-failure" : "unhandled-exception";
                return new StressSample(runs, clock.Elapsed.TotalSeconds, kind, inner.Message);
            }
        }

        return new StressSample(runs, clock.Elapsed.TotalSeconds, null, null);
    }
}
