using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Weft.Benchmarks.Harness;
using Weft.Benchmarks.Reporting;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks;

/// <summary>The benchmark's command line: <c>report</c> measures and writes docs/benchmarks.md; the hidden <c>worker</c> verbs
/// are what <c>report</c> runs in child processes.</summary>
/// <remarks>Exit codes: 0 done, 2 usage error, 5 internal error, 130 cancelled. Results go to the file named by
/// <c>--out</c>, progress to stderr.</remarks>
internal sealed class BenchmarkCommand
{
    public const string ErrorPrefix = "weft-benchmarks: error: ";

    /// <summary>The one command that regenerates docs/benchmarks.md, from the repository root.</summary>
    public const string RegenerateCommand = "dotnet run -c Release --project tools/Weft.Benchmarks -- report --out docs/benchmarks.md --overwrite";

    /// <summary>Every section of the report, by the name <c>--sections</c> takes.</summary>
    public static readonly IReadOnlyList<string> SectionNames = ["throughput", "levers", "profile", "power", "primitives"];

    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly RootCommand _root;
    private readonly Option<FileInfo> _out = new("--out") { Required = true, HelpName = "file", Description = "The markdown file to write, e.g. docs/benchmarks.md." };
    private readonly Option<bool> _quick = new("--quick") { Description = "A fast, rougher pass: one round, three seeds, short budgets, one class of the primitives." };
    private readonly Option<bool> _overwrite = new("--overwrite") { Description = "Replace the file if it exists (it is never overwritten otherwise)." };
    private readonly Option<string[]> _sections = new("--sections")
    {
        HelpName = "names",
        AllowMultipleArgumentsPerToken = true,
        Description = $"Measure only these sections: {string.Join(", ", SectionNames)} (default: all).",
    };

    private readonly Option<FileInfo?> _saveResults = new("--save-results")
    {
        HelpName = "file",
        Description = "Also save the measurements as JSON, so that --from-results can write the report again without measuring.",
    };

    private readonly Option<FileInfo?> _fromResults = new("--from-results")
    {
        HelpName = "file",
        Description = "Write the report from measurements saved by --save-results instead of measuring.",
    };

    private readonly Option<DirectoryInfo?> _primitivesArtifacts = new("--primitives-artifacts")
    {
        HelpName = "dir",
        Description = "Embed the tables of an earlier BenchmarkDotNet run of the primitives from this artifacts folder instead of running them.",
    };

    public BenchmarkCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        var report = new Command("report", "Measures exploration throughput, the levers on Coyote's cost, bug-finding power and the primitives, and writes the markdown report.")
        {
            _out, _quick, _overwrite, _sections, _primitivesArtifacts, _saveResults, _fromResults,
        };
        report.SetAction(ReportAsync);
        _root = new RootCommand("Weft's exploration benchmark. Regenerate docs/benchmarks.md with:\n  " + RegenerateCommand)
        {
            report,
            new WorkerCommand(output).Command,
        };
    }

    public async Task<int> RunAsync(string[] args, CancellationToken cancellation)
    {
        var parse = _root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            _error.WriteLine(ErrorPrefix + string.Join(" ", parse.Errors.Select(e => e.Message)));
            return 2;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error, EnableDefaultExceptionHandler = false }, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _error.WriteLine("cancelled.");
            return 130;
        }
        catch (ArgumentException ex)
        {
            _error.WriteLine(ErrorPrefix + FirstLine(ex.Message));
            return 2;
        }
        catch (Exception ex)
        {
            _error.WriteLine($"{ErrorPrefix}{ex.GetType().Name}: {FirstLine(ex.Message)}");
            return 5;
        }
    }

    private async Task<int> ReportAsync(ParseResult parse, CancellationToken cancellation)
    {
        var target = parse.GetValue(_out)!;
        bool overwrite = parse.GetValue(_overwrite);
        if (target.Exists && !overwrite)
        {
            throw new ArgumentException($"{target.FullName} exists; pass {_overwrite.Name} to replace it.");
        }

        if (target.Directory is { Exists: false } folder)
        {
            throw new ArgumentException($"the folder {folder.FullName} does not exist.");
        }

        if (parse.GetValue(_fromResults) is { } saved)
        {
            var loaded = ResultsFile.Deserialize(await File.ReadAllTextAsync(saved.FullName, cancellation));
            Write(target.FullName, BenchmarkReport.Write(loaded), overwrite);
            _error.WriteLine($"wrote {target.FullName} from {saved.FullName}.");
            return 0;
        }

        var sections = Sections(parse.GetValue(_sections));
        var settings = parse.GetValue(_quick) ? ReportSettings.QuickPass : ReportSettings.Full;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_error) });
        if (Console.IsErrorRedirected)
        {
            // Wide enough that a progress line never wraps in a log file.
            console.Profile.Width = 400;
        }

        var log = new ConsoleProgressLog(console);
        var clock = Stopwatch.StartNew();
        var machine = MachineInfo.Current();
        console.MarkupLine($"[bold]weft-benchmarks[/]: {(settings.Quick ? "quick pass" : "full run")} of {string.Join(", ", sections)} on {Markup.Escape(machine.Cpu)}, {machine.Cores} cores");

        ThroughputResults? throughput = null;
        IReadOnlyList<LeverResult>? levers = null;
        string? profile = null;
        IReadOnlyList<PowerRow>? power = null;
        if (sections.Overlaps(["throughput", "levers", "profile", "power"]))
        {
            using var worlds = await Worlds.PrepareAsync(cancellation);
            log.Step("setup", "made the coyote-only and plain worlds");
            var workers = new WorkerClient(worlds);
            if (sections.Contains("throughput"))
            {
                throughput = await new ThroughputSuite(workers, settings, log).RunAsync(cancellation);
            }

            if (sections.Contains("profile"))
            {
                profile = await new ProfileSuite(workers, settings, log).RunAsync(cancellation);
            }

            if (sections.Contains("levers"))
            {
                levers = await new LeverSuite(workers, settings, log).RunAsync(cancellation);
            }

            if (sections.Contains("power"))
            {
                power = await new PowerSuite(workers, settings, log).RunAsync(cancellation);
            }
        }

        PrimitivesResults? primitives = null;
        if (sections.Contains("primitives"))
        {
            string artifacts = parse.GetValue(_primitivesArtifacts)?.FullName ?? string.Empty;
            try
            {
                primitives = await new PrimitivesSuite(settings, log).RunAsync(RepositoryRoot(), artifacts.Length > 0 ? artifacts : null, cancellation);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                // The measurements of the other sections are worth keeping: the report says what went wrong here.
                log.Warn($"primitives: {ex.Message}");
                primitives = new PrimitivesResults([], null, $"Not run: {ex.Message}");
            }
        }

        var results = new BenchmarkResults(machine, settings.Quick, RegenerateCommand, settings.Describe(), throughput, levers, profile, power,
            primitives, MachineInfo.LoadAverage(), clock.Elapsed);
        if (parse.GetValue(_saveResults) is { } save)
        {
            Write(save.FullName, ResultsFile.Serialize(results), overwrite: true);
        }

        Write(target.FullName, BenchmarkReport.Write(results), overwrite);
        console.MarkupLine($"wrote [bold]{Markup.Escape(target.FullName)}[/] in {clock.Elapsed.TotalMinutes:0.0} minutes.");
        return 0;
    }

    private static SortedSet<string> Sections(string[]? names)
    {
        var chosen = names is { Length: > 0 } ? names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() : [.. SectionNames];
        var unknown = chosen.Where(n => !SectionNames.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown section(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the sections are {string.Join(", ", SectionNames)}.");
        }

        return new SortedSet<string>(chosen, StringComparer.Ordinal);
    }

    /// <summary>The repository root: the nearest folder above the current one, or above this program, with Testing.sln.</summary>
    private static string RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Testing.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new ArgumentException("the repository root (the folder with Testing.sln) was not found above the current folder.");
    }

    /// <summary>Writes to a temporary file beside the target, then renames it, so that a cancelled run leaves no half file.</summary>
    private static void Write(string path, string text, bool overwrite)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite);
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>Progress on stderr, one line per finished step, with the time since the start.</summary>
    private sealed class ConsoleProgressLog(IAnsiConsole console) : IProgressLog
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Step(string section, string what) =>
            console.MarkupLine($"[grey]{_clock.Elapsed:mm\\:ss}[/] [blue]{Markup.Escape(section)}[/] {Markup.Escape(what)}");

        public void Warn(string what) =>
            console.MarkupLine($"[grey]{_clock.Elapsed:mm\\:ss}[/] [yellow]warning[/] {Markup.Escape(what)}");
    }
}
