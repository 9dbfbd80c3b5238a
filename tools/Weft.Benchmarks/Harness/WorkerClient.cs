using System.Text.Json;
using System.Text.Json.Serialization;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>Starts worker processes in a world's folder and reads what they report: one JSON object per line on stdout.</summary>
internal sealed class WorkerClient(Worlds worlds)
{
    /// <summary>The JSON form workers write and the harness reads.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<IReadOnlyList<T>> RunAsync<T>(WorldKind world, IReadOnlyList<string> arguments, TimeSpan timeout,
        CancellationToken cancellation, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? prefix = null)
    {
        var result = await StartAsync(world, arguments, timeout, cancellation, environment, prefix);
        var values = Parse<T>(result.Output);
        if (result.ExitCode != 0 && values.Count == 0)
        {
            throw new WorkerException(result.TimedOut
                ? $"the worker did not finish within {timeout.TotalSeconds:0} s"
                : $"the worker failed (exit code {result.ExitCode}): {ErrorLine(result.Error)}");
        }

        return values;
    }

    /// <summary>Starts a worker and returns what it left, without interpreting it.</summary>
    /// <param name="world">The world whose folder the worker runs in.</param>
    /// <param name="arguments">The worker's arguments, after <c>worker</c>.</param>
    /// <param name="timeout">When to kill it.</param>
    /// <param name="cancellation">Kills it.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="prefix">A command that runs the worker, such as a profiler (<c>perf record ... --</c>).</param>
    public Task<ChildProcess.Result> StartAsync(WorldKind world, IReadOnlyList<string> arguments, TimeSpan timeout,
        CancellationToken cancellation, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? prefix = null)
    {
        string folder = worlds.FolderOf(world);
        List<string> command = [.. prefix ?? [], "dotnet", "exec", Path.Combine(folder, "Weft.Benchmarks.dll"), "worker", .. arguments];
        return ChildProcess.RunAsync(command[0], command.Skip(1), folder, environment, timeout, cancellation);
    }

    public static IReadOnlyList<T> Parse<T>(IEnumerable<string> lines) =>
        lines.Where(line => line.StartsWith('{'))
            .Select(line => JsonSerializer.Deserialize<T>(line, Json) ?? throw new WorkerException($"the worker wrote an empty result: {line}"))
            .ToArray();

    /// <summary>The worker's own one-line error, or else the first line it wrote (an unhandled exception's).</summary>
    private static string ErrorLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith(BenchmarkCommand.ErrorPrefix, StringComparison.Ordinal))?[BenchmarkCommand.ErrorPrefix.Length..]
            ?? lines.FirstOrDefault() ?? "no message";
    }
}
