using Weft.Benchmarks.Reporting;

namespace Weft.Benchmarks.Harness;

/// <summary>Section 4: runs the BenchmarkDotNet benchmarks of tools/Weft.Benchmarks.Primitives as a child process (or reads
/// the artifacts of an earlier run) and collects the GitHub-markdown tables they write and that project's Reading.md.</summary>
internal sealed class PrimitivesSuite(ReportSettings settings, IProgressLog log)
{
    public const string ProjectFolder = "tools/Weft.Benchmarks.Primitives";

    /// <summary>Runs the benchmarks, or reads <paramref name="artifacts"/> when given.</summary>
    /// <param name="repositoryRoot">The repository root.</param>
    /// <param name="artifacts">A BenchmarkDotNet artifacts folder of an earlier run, or <see langword="null"/> to run now.</param>
    /// <param name="cancellation">Stops the run.</param>
    public async Task<PrimitivesResults> RunAsync(string repositoryRoot, string? artifacts, CancellationToken cancellation)
    {
        string project = Path.Combine(repositoryRoot, ProjectFolder);
        string? reading = File.Exists(Path.Combine(project, "Reading.md")) ? await File.ReadAllTextAsync(Path.Combine(project, "Reading.md"), cancellation) : null;
        if (artifacts is not null)
        {
            return Read(artifacts, reading, $"Tables read from the artifacts of an earlier run ({Path.GetFileName(Path.TrimEndingDirectorySeparator(artifacts))}).");
        }

        if (!Directory.Exists(project) || !Directory.EnumerateFiles(project, "*.csproj").Any())
        {
            return new PrimitivesResults([], reading, $"Not run: {ProjectFolder} is not in this tree.");
        }

        string folder = Directory.CreateTempSubdirectory("weft-bench-primitives-").FullName;
        try
        {
            List<string> arguments = ["run", "-c", "Release", "--project", project, "--", .. settings.PrimitivesArguments, "--artifacts", folder];
            var result = await ChildProcess.RunAsync("dotnet", arguments, repositoryRoot, null, TimeSpan.FromMinutes(40), cancellation);
            log.Step("primitives", $"BenchmarkDotNet finished with exit code {result.ExitCode}");
            var collected = Read(folder, reading, $"BenchmarkDotNet arguments: `{string.Join(' ', settings.PrimitivesArguments.Select(a => a.Contains('*', StringComparison.Ordinal) ? $"'{a}'" : a))}`.");
            if (result.ExitCode != 0)
            {
                string message = result.TimedOut ? "did not finish within 40 minutes" : $"exited with code {result.ExitCode}";
                log.Warn($"primitives: BenchmarkDotNet {message}");
                return collected with { Note = $"BenchmarkDotNet {message}; the tables below are what it wrote." };
            }

            return collected;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Reads every <c>results/*-report-github.md</c> of an artifacts folder, titled by benchmark class.</summary>
    public static PrimitivesResults Read(string artifacts, string? reading, string? note)
    {
        string results = Path.Combine(artifacts, "results");
        var tables = Directory.Exists(results)
            ? Directory.EnumerateFiles(results, "*-report-github.md")
                .Order(StringComparer.Ordinal)
                .Select(file => (Title(file), File.ReadAllText(file)))
                .ToArray()
            : [];
        return new PrimitivesResults(tables, reading, tables.Length == 0 ? (note is null ? string.Empty : note + " ") + "No result tables were found." : note);
    }

    /// <summary>The benchmark class of a report file: <c>Ns.CounterBenchmarks-report-github.md</c> gives <c>CounterBenchmarks</c>.</summary>
    public static string Title(string file)
    {
        string name = Path.GetFileName(file)[..^"-report-github.md".Length];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
