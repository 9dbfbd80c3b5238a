using System.Text.Json;
using Weft.Benchmarks.Harness;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Reporting;

/// <summary>Saves the measurements of a run as JSON and loads them back, so that the report can be written again from them
/// (<c>report --from-results</c>) without measuring again, for instance after its prose changed.</summary>
internal static class ResultsFile
{
    /// <summary>The format's version; a file of another version is refused.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions s_json = new(WorkerClient.Json) { IncludeFields = true, WriteIndented = true };

    public static string Serialize(BenchmarkResults results)
    {
        var throughput = results.Throughput is { } t
            ? new ThroughputFile(
                t.Scenarios,
                t.Configs.Select(c => c.Name).ToArray(),
                t.Samples.Select(p => new SampleEntry(p.Key.Scenario, p.Key.Config, p.Value)).ToArray(),
                t.Failures.Select(p => new FailureEntry(p.Key.Scenario, p.Key.Config, p.Value)).ToArray())
            : null;
        return JsonSerializer.Serialize(new FileForm(Version, results with { Throughput = null }, throughput), s_json);
    }

    /// <exception cref="ArgumentException">The text is not a results file of this version.</exception>
    public static BenchmarkResults Deserialize(string json)
    {
        FileForm? file;
        try
        {
            file = JsonSerializer.Deserialize<FileForm>(json, s_json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"the results file is not valid: {ex.Message}", ex);
        }

        if (file is null || file.Version != Version || file.Results is null)
        {
            throw new ArgumentException($"the results file is not of version {Version}.");
        }

        if (file.Throughput is not { } t)
        {
            return file.Results;
        }

        var configs = t.Configs.Select(name => ThroughputConfig.All.FirstOrDefault(c => c.Name == name)
            ?? throw new ArgumentException($"the results file names an unknown configuration '{name}'.")).ToArray();
        return file.Results with
        {
            Throughput = new ThroughputResults(
                t.Scenarios,
                configs,
                t.Samples.ToDictionary(e => (e.Scenario, e.Config), e => e.Samples),
                t.Failures.ToDictionary(e => (e.Scenario, e.Config), e => e.Message)),
        };
    }

    private sealed record FileForm(int Version, BenchmarkResults Results, ThroughputFile? Throughput);

    private sealed record ThroughputFile(
        IReadOnlyList<(string Id, string Role)> Scenarios,
        IReadOnlyList<string> Configs,
        IReadOnlyList<SampleEntry> Samples,
        IReadOnlyList<FailureEntry> Failures);

    private sealed record SampleEntry(string Scenario, string Config, IReadOnlyList<ThroughputSample> Samples);

    private sealed record FailureEntry(string Scenario, string Config, string Message);
}
