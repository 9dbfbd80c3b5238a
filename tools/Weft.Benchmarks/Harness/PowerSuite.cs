using System.Globalization;
using Weft.Benchmarks.Reporting;
using Weft.Benchmarks.Workers;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Benchmarks.Harness;

/// <summary>Section 3: for every buggy scenario of the catalog, the iterations and seconds each strategy needs to find its
/// bug, and whether a stress test on real threads finds it in the same time.</summary>
internal sealed class PowerSuite(WorkerClient workers, ReportSettings settings, IProgressLog log)
{
    public async Task<IReadOnlyList<PowerRow>> RunAsync(CancellationToken cancellation)
    {
        var buggy = WorkloadCatalog.Catalog.Scenarios.Where(s => s.Variant == ScenarioVariant.Buggy).ToArray();
        var rows = new List<PowerRow>();
        foreach (var (scenario, index) in buggy.Select((s, i) => (s, i)))
        {
            rows.Add(await MeasureAsync(scenario, cancellation));
            var row = rows[^1];
            log.Step("bug finding", string.Create(CultureInfo.InvariantCulture,
                $"{index + 1}/{buggy.Length} {scenario.Id}: {string.Join(", ", BenchmarkReport.PowerStrategies.Select(s => $"{s} {BenchmarkReport.PowerCell(row, s)}"))}; stress {row.Stress?.Failure ?? "not found"}, longer stress {row.LongStress?.Failure ?? "not found"}"));
        }

        return rows;
    }

    private async Task<PowerRow> MeasureAsync(ScenarioInfo scenario, CancellationToken cancellation)
    {
        string expected = BugKindNames.Of(scenario.Expected);
        var strategies = BenchmarkReport.PowerStrategies;
        List<string> arguments =
        [
            "power", "--scenario", scenario.Id, "--strategies", string.Join(',', strategies),
            "--seeds", Invariant(settings.PowerSeeds), "--max-iterations", Invariant(settings.PowerMaxIterations), "--seconds", Invariant(settings.PowerSeconds),
        ];
        // Every exploration may use its whole budget, and an iteration stuck on uncontrolled concurrency can add the
        // deadlock timeout (5 s) to it.
        var timeout = TimeSpan.FromSeconds(strategies.Count * settings.PowerSeeds * (settings.PowerSeconds + 8) + 60);
        IReadOnlyList<PowerSample> samples;
        string? error = null;
        try
        {
            samples = await workers.RunAsync<PowerSample>(WorldKind.Weft, arguments, timeout, cancellation);
        }
        catch (WorkerException ex)
        {
            log.Warn($"bug finding {scenario.Id}: {ex.Message}");
            return new PowerRow(scenario.Id, expected, [], null, ex.Message);
        }

        // The stress test gets as long as the portfolio's median exploration took, found or not.
        var portfolio = samples.Where(s => s.Strategy == "portfolio" && !s.Skipped).Select(s => s.Seconds).ToArray();
        double seconds = portfolio.Length > 0 ? Statistics.Median(portfolio) : settings.PowerSeconds;
        var stress = await StressAsync(scenario, seconds, cancellation);
        var longStress = await StressAsync(scenario, settings.LongStressSeconds, cancellation);
        if ((stress.Error ?? longStress.Error) is { } message)
        {
            error = "stress test: " + message;
        }

        return new PowerRow(scenario.Id, expected, samples, stress.Sample, error, longStress.Sample);
    }

    private async Task<(StressSample? Sample, string? Error)> StressAsync(ScenarioInfo scenario, double seconds, CancellationToken cancellation)
    {
        try
        {
            var timeout = TimeSpan.FromSeconds(seconds + settings.StressRunTimeout + 60);
            var results = await workers.RunAsync<StressSample>(WorldKind.Plain,
                ["stress", "--scenario", scenario.Id, "--seconds", Invariant(seconds), "--run-timeout", Invariant(settings.StressRunTimeout)],
                timeout, cancellation);
            return (results.FirstOrDefault(), null);
        }
        catch (WorkerException ex)
        {
            log.Warn($"stress test {scenario.Id}: {ex.Message}");
            return (null, ex.Message);
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
