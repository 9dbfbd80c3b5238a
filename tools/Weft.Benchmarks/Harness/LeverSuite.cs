using System.Globalization;
using Weft.Benchmarks.Reporting;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>Section 2: each lever on Coyote alone's cost, measured on the yield probe against a baseline in the same rounds.</summary>
internal sealed class LeverSuite(WorkerClient workers, ReportSettings settings, IProgressLog log)
{
    public const string Probe = "bench/yield-probe";

    /// <summary>How many levers run between two baseline samples.</summary>
    private const int BaselineEvery = 4;

    /// <summary>Measures every lever <see cref="ReportSettings.LeverRounds"/> times, with a baseline sample before every
    /// <see cref="BaselineEvery"/> levers; each lever's speedup is its median rate over the median of all baseline samples,
    /// so that one slow or fast baseline sample on a busy machine does not move every lever at once.</summary>
    public async Task<IReadOnlyList<LeverResult>> RunAsync(CancellationToken cancellation)
    {
        var rates = Lever.All.ToDictionary(l => l.Name, _ => new List<double>());
        var baselines = new List<double>();
        var notes = new Dictionary<string, string>();
        for (int round = 0; round < settings.LeverRounds; round++)
        {
            for (int i = 0; i < Lever.All.Count; i++)
            {
                if (i % BaselineEvery == 0)
                {
                    await MeasureAsync(Lever.Baseline, round, baselines, notes, cancellation);
                }

                await MeasureAsync(Lever.All[i], round, rates[Lever.All[i].Name], notes, cancellation);
            }
        }

        double? baseline = baselines.Count > 0 ? Statistics.Median(baselines) : null;
        return Lever.All
            .Select(l => new LeverResult(l.Name, l.What,
                baseline is { } b && rates[l.Name].Count > 0 ? Statistics.Median(rates[l.Name]) / b : null,
                notes.GetValueOrDefault(l.Name) ?? (baseline is null ? "the baseline could not be measured" : null),
                baseline is { } lowBase && rates[l.Name].Count > 0 ? rates[l.Name].Min() / lowBase : null,
                baseline is { } highBase && rates[l.Name].Count > 0 ? rates[l.Name].Max() / highBase : null))
            .ToArray();
    }

    private async Task MeasureAsync(Lever lever, int round, List<double> rates, Dictionary<string, string> notes, CancellationToken cancellation)
    {
        try
        {
            double rate = await RateAsync(lever, round, cancellation);
            rates.Add(rate);
            log.Step("levers", string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{settings.LeverRounds} {lever.Name}: {rate:0.#} iterations/s"));
        }
        catch (WorkerException ex)
        {
            notes[lever.Name] = ex.Message;
            log.Warn($"lever {lever.Name}: {ex.Message}");
        }
    }

    /// <summary>Total iterations per second of the lever's worker processes, run at once on disjoint seeds.</summary>
    private async Task<double> RateAsync(Lever lever, int round, CancellationToken cancellation)
    {
        var runs = Enumerable.Range(0, lever.Processes).Select(process =>
        {
            var job = new ThroughputJob(Engine.Coyote, Probe, settings.LeverSeconds, Seed: (uint)(round * 7919 + process * 1_000_003), lever.Strategy,
                DetectDataRaces: false, DetectLeakedTasks: false, lever.Setting);
            return ThroughputSuite.MeasureAsync(workers, job, lever.Environment, cancellation, lever.Prefix);
        }).ToArray();
        var samples = await Task.WhenAll(runs);
        return samples.Sum(s => s.Iterations) / samples.Max(s => s.Seconds);
    }
}
