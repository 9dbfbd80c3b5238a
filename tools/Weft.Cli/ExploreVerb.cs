using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Spectre.Console;
using Weft.Catalog;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Cli;

/// <summary><c>weft explore &lt;id&gt;... | --all</c>: explores catalog scenarios and reports every bug with its trace file.</summary>
/// <remarks>Options are checked by <see cref="ExplorationOptions.Validate"/>, the same method the library calls; every id is
/// checked before the first scenario runs, so a typo never costs a long exploration.</remarks>
internal sealed class ExploreVerb
{
    private static readonly ExplorationOptions s_defaults = new();

    private readonly CliContext _context;
    private readonly CommonOptions _common;
    private readonly Argument<string[]> _ids = new("id")
    {
        Description = "Scenario ids to explore, as 'weft list' shows them.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _all = new("--all") { Description = "Explore every catalog scenario." };
    private readonly Option<int?> _iterations = new("--iterations") { HelpName = "n" };
    private readonly Option<uint?> _seed = new("--seed") { HelpName = "n" };
    private readonly Option<StrategyKind?> _strategy = new("--strategy") { HelpName = "name" };
    private readonly Option<uint?> _strategyBound = new("--strategy-bound") { HelpName = "n" };
    private readonly Option<int?> _maxSteps = new("--max-steps") { HelpName = "n" };
    private readonly Option<TimeSpan?> _timeBudget = new("--time-budget") { HelpName = "duration" };
    private readonly Option<int?> _maxBugs = new("--max-bugs") { HelpName = "n" };
    private readonly Option<string?> _out = new("--out") { HelpName = "dir" };
    private readonly Option<OutputFormat> _format = new("--format") { HelpName = "format" };
    private readonly Option<bool> _checkDeclared = new("--check-declared")
    {
        Description = "Exit 0 when every scenario found exactly what it declares (correct ones clean, buggy twins their kind), 1 otherwise: for CI jobs over the catalog.",
    };
    private readonly Option<bool> _noRaces = new("--no-race-detection") { Description = "Do not report data races (they are reported by default)." };
    private readonly Option<bool> _noLeaks = new("--no-leak-detection") { Description = "Do not report tasks left pending when a scenario returns (they are reported by default)." };
    private readonly ExplorationJson _json = new();

    public ExploreVerb(CliContext context, CommonOptions common)
    {
        _context = context;
        _common = common;
        Describe();
        Command = new Command("explore", "Explore scenarios under the controlled scheduler and report every bug with a trace file.")
        {
            _ids, _all, _iterations, _seed, _strategy, _strategyBound, _maxSteps, _timeBudget, _maxBugs, _out, _format, _noRaces, _noLeaks, _checkDeclared,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private void Describe()
    {
        // Unknown options land in the id list (an id never starts with '-'); report them as options, not scenarios.
        _ids.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError(UnknownOption.Message(Command, token.Value));
            }
        });
        _iterations.Description = Invariant($"The maximum number of iterations (interleavings) per scenario (default {s_defaults.Iterations}).");
        _iterations.CustomParser = result => OptionValues.Int32(result, _iterations);
        _seed.Description = Invariant($"The seed of the first iteration (default {s_defaults.Seed}); the same seed replays the same exploration.");
        _seed.CustomParser = result => OptionValues.UInt32(result, _seed);
        _strategy.Description =
            $"The scheduling strategy: {string.Join(", ", StrategyNames.All)} (default {StrategyNames.Of(s_defaults.Strategy)}).";
        _strategy.CustomParser = result => OptionValues.Name<StrategyKind>(result, _strategy, StrategyNames.All,
            text => StrategyNames.TryParse(text, out var kind) ? kind : null);
        _strategy.CompletionSources.Add(StrategyNames.All.ToArray());
        _strategyBound.Description = "The strategy's bound (probabilistic, pct and fair-pct only; default: the strategy's own).";
        _strategyBound.CustomParser = result => OptionValues.UInt32(result, _strategyBound);
        _maxSteps.Description = Invariant($"The maximum scheduling steps of one iteration (default {s_defaults.MaxSteps}); reaching it is a hang.");
        _maxSteps.CustomParser = result => OptionValues.Int32(result, _maxSteps);
        _timeBudget.Description = $"The wall-clock budget of each scenario's exploration, such as {DurationParser.Forms} (default: none).";
        _timeBudget.CustomParser = ParseDuration;
        _maxBugs.Description = Invariant($"Stop a scenario's exploration after this many distinct bugs (default {s_defaults.MaxBugs}).");
        _maxBugs.CustomParser = result => OptionValues.Int32(result, _maxBugs);
        _out.Description = $"The folder trace files are written to (default {s_defaults.TraceDirectory}); existing files are never overwritten.";
        _format.Description = $"How results are printed on stdout: {string.Join(", ", OutputFormatNames.All)} (default {OutputFormatNames.Of(OutputFormat.Text)}).";
        _format.CustomParser = result => OptionValues.Name<OutputFormat>(result, _format, OutputFormatNames.All,
            text => OutputFormatNames.TryParse(text, out var format) ? format : null) ?? OutputFormat.Text;
        _format.CompletionSources.Add(OutputFormatNames.All.ToArray());
    }

    private TimeSpan? ParseDuration(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"{_timeBudget.Name} must be a duration such as {DurationParser.Forms} (was '{text}').");
        return null;
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var scenarios = SelectScenarios(parse);
        var options = BuildOptions(parse);
        var format = parse.GetValue(_format);
        bool summarize = scenarios.Count > 1;

        var results = new List<ScenarioExploration>(scenarios.Count);
        foreach (var scenario in scenarios)
        {
            if (cancellation.IsCancellationRequested)
            {
                break;
            }

            _context.Progress(Invariant($"exploring {scenario.Id} ({results.Count + 1}/{scenarios.Count})..."));
            // Ctrl+C stops the exploration after the running iteration; its report is still written below.
            var result = new ScenarioExploration(scenario, scenario.Explore(options, cancellation));
            results.Add(result);
            if (format == OutputFormat.Text)
            {
                WriteText(result);
            }
        }

        bool cancelled = cancellation.IsCancellationRequested;
        if (format == OutputFormat.Json)
        {
            _json.Write(_context.Output, options, results);
        }
        else if (summarize)
        {
            WriteSummary(results, options, parse.GetValue(_common.NoColor));
        }

        if (cancelled)
        {
            _context.Progress(Invariant($"cancelled after {results.Count} of {scenarios.Count} scenario(s)."));
            return Task.FromResult((int)ExitCode.Cancelled);
        }

        if (parse.GetValue(_checkDeclared))
        {
            var unexpected = results.Where(r => !r.MatchesDeclaration).Select(r => r.Scenario.Id).ToArray();
            if (unexpected.Length > 0)
            {
                _context.Progress(Invariant($"{unexpected.Length} scenario(s) did not find what they declare: {string.Join(", ", unexpected)}."));
                return Task.FromResult((int)ExitCode.BugsFound);
            }

            _context.Progress("every scenario found what it declares.");
            return Task.FromResult((int)ExitCode.Success);
        }

        return Task.FromResult((int)(results.Any(r => !r.Report.IsClean) ? ExitCode.BugsFound : ExitCode.Success));
    }

    private List<ScenarioInfo> SelectScenarios(ParseResult parse)
    {
        string[] ids = parse.GetValue(_ids) ?? [];
        bool all = parse.GetValue(_all);
        if (all && ids.Length > 0)
        {
            throw new UsageException($"give scenario ids or {_all.Name}, not both.");
        }

        if (all)
        {
            return _context.Catalog.Scenarios.ToList();
        }

        if (ids.Length == 0)
        {
            throw new UsageException($"{Command.Name} needs at least one scenario id, or {_all.Name}; 'weft list' shows every scenario.");
        }

        var unknown = ids.Where(id => !_context.Catalog.TryFind(id, out _)).Distinct(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException(string.Join(" ", unknown.Select(id => ScenarioNotFound.Message(_context.Catalog, id))));
        }

        return ids.Distinct(StringComparer.Ordinal).Select(id => _context.Catalog.TryFind(id, out var s) ? s : null!).ToList();
    }

    private ExplorationOptions BuildOptions(ParseResult parse)
    {
        var options = new ExplorationOptions
        {
            Iterations = parse.GetValue(_iterations) ?? s_defaults.Iterations,
            Seed = parse.GetValue(_seed) ?? s_defaults.Seed,
            Strategy = parse.GetValue(_strategy) ?? s_defaults.Strategy,
            StrategyBound = parse.GetValue(_strategyBound),
            MaxSteps = parse.GetValue(_maxSteps) ?? s_defaults.MaxSteps,
            TimeBudget = parse.GetValue(_timeBudget),
            MaxBugs = parse.GetValue(_maxBugs) ?? s_defaults.MaxBugs,
            TraceDirectory = parse.GetValue(_out) ?? s_defaults.TraceDirectory,
            DetectDataRaces = !parse.GetValue(_noRaces),
            DetectLeakedTasks = !parse.GetValue(_noLeaks),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ValidationMessage(ex.Message));
        }

        return options;
    }

    /// <summary>Turns <see cref="ExplorationOptions.Validate"/>'s message (a title line, then one line per problem that starts
    /// with the property's name) into one line that names the command-line options instead.</summary>
    private string ValidationMessage(string message)
    {
        var optionByProperty = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [nameof(ExplorationOptions.Iterations)] = _iterations.Name,
            [nameof(ExplorationOptions.Seed)] = _seed.Name,
            [nameof(ExplorationOptions.Strategy)] = _strategy.Name,
            [nameof(ExplorationOptions.StrategyBound)] = _strategyBound.Name,
            [nameof(ExplorationOptions.MaxSteps)] = _maxSteps.Name,
            [nameof(ExplorationOptions.TimeBudget)] = _timeBudget.Name,
            [nameof(ExplorationOptions.MaxBugs)] = _maxBugs.Name,
            [nameof(ExplorationOptions.TraceDirectory)] = _out.Name,
        };
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var problems = lines.Length > 1 && lines[0].StartsWith("Invalid ", StringComparison.Ordinal) ? lines[1..] : lines;
        return string.Join(" ", problems.Select(problem =>
        {
            int space = problem.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 && optionByProperty.TryGetValue(problem[..space], out var option) ? option + problem[space..] : problem;
        }));
    }

    private void WriteText(ScenarioExploration result)
    {
        var output = _context.Output;
        output.WriteLine(result.Report.ToString());
        output.WriteLine($"  expected: {BugKindNames.Of(result.Scenario.Expected)}, found: {result.FoundKinds}");
    }

    private void WriteSummary(IReadOnlyList<ScenarioExploration> results, ExplorationOptions options, bool noColor)
    {
        var table = new Table().AddColumns("Scenario", "Variant", "Expected", "Found", "First bug at iteration", "Time");
        foreach (var result in results)
        {
            table.AddRow(
                new Text(result.Scenario.Id),
                new Text(ScenarioVariantNames.Of(result.Scenario.Variant)),
                new Text(BugKindNames.Of(result.Scenario.Expected)),
                new Text(result.FoundKinds),
                new Text(result.Report.IsClean ? "-" : result.Report.Bugs[0].Iteration.ToString(CultureInfo.InvariantCulture)),
                new Text(Invariant($"{result.Report.Elapsed.TotalSeconds:0.00}s")));
        }

        var console = _context.CreateConsole(noColor);
        console.WriteLine();
        console.Write(table);
        int withBugs = results.Count(r => !r.Report.IsClean);
        console.WriteLine(Invariant(
            $"{results.Count} scenario(s) explored, {withBugs} with bugs (strategy {StrategyNames.Of(options.Strategy)}, seed {options.Seed})."));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
