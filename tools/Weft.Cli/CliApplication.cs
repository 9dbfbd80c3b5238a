using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;
using Weft.Exploration;

namespace Weft.Cli;

/// <summary>The <c>weft</c> command line: builds the command tree, parses, runs a verb and turns every outcome into an
/// <see cref="ExitCode"/>, with errors as exactly one <c>weft: error: …</c> line on stderr.</summary>
/// <remarks>Everything it prints goes to the writers of its <see cref="CliContext"/>, so tests run it in-process.</remarks>
internal sealed class CliApplication
{
    private const string ErrorPrefix = "weft: error: ";

    private readonly CliContext _context;
    private readonly CommonOptions _common = new();
    /// <summary>The root command. Not a <see cref="RootCommand"/>, whose name is the executable's (<c>Weft.Cli</c> when run with
    /// <c>dotnet run</c>), while help and messages must say <c>weft</c>, the command users type.</summary>
    private readonly Command _root;

    public CliApplication(CliContext context)
    {
        _context = context;
        _root = new Command("weft", Description())
        {
            new ListVerb(context, _common).Command,
            new ExploreVerb(context, _common).Command,
            new ReplayVerb(context).Command,
            new HelpOption(),
            new VersionOption(),
            _common.NoColor,
            _common.Diagnostics,
        };
    }

    /// <summary>Parses <paramref name="args"/>, runs the verb and returns its exit code; never throws.</summary>
    public async Task<ExitCode> RunAsync(IReadOnlyList<string> args, CancellationToken cancellation = default)
    {
        var parse = _root.Parse(args);
        if (parse.Action is ParseErrorAction || (parse.Action is null && parse.CommandResult.Command == _root))
        {
            return Fail(ParseErrorMessage(parse));
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = _context.Output,
                Error = _context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // Program handles Ctrl+C, so that the first one lets the current scenario finish.
            };
            int code = await parse.InvokeAsync(invocation, cancellation);
            return Enum.IsDefined((ExitCode)code) ? (ExitCode)code : ExitCode.InternalError;
        }
        catch (UsageException ex)
        {
            return Fail(ex.Message);
        }
        catch (TraceFileException ex)
        {
            return Fail(ex.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _context.Progress("cancelled.");
            return ExitCode.Cancelled;
        }
        catch (Exception ex)
        {
            string summary = $"internal error: {ex.GetType().Name}: {FirstLine(ex.Message)}";
            if (parse.GetValue(_common.Diagnostics))
            {
                _context.Error.WriteLine(ErrorPrefix + summary);
                _context.Error.WriteLine(ex.ToString());
            }
            else
            {
                _context.Error.WriteLine($"{ErrorPrefix}{summary} (run again with {_common.Diagnostics.Name} for the stack trace)");
            }

            return ExitCode.InternalError;
        }
    }

    private ExitCode Fail(string message)
    {
        _context.Error.WriteLine(ErrorPrefix + FirstLine(message));
        return ExitCode.UsageError;
    }

    /// <summary>One line for every parse problem: unknown options and arguments first (with a hint), then the parser's errors.</summary>
    private string ParseErrorMessage(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var problems = parse.UnmatchedTokens
            .Select(token => token.StartsWith('-')
                ? UnknownOption.Message(command, token)
                : $"unexpected argument '{token}' for '{UnknownOption.Path(command)}'.")
            .ToList();
        if (command == _root)
        {
            // Without a verb the parser only adds "Required command was not provided"; say which verbs there are instead.
            if (problems.Count == 0)
            {
                problems.Add($"missing command: {string.Join(", ", _root.Subcommands.Select(c => c.Name))} (see 'weft --help').");
            }
        }
        else
        {
            // The parser reports each unmatched token again, as "Unrecognized command or argument"; it was worded above.
            problems.AddRange(parse.Errors
                .Select(error => error.Message)
                .Where(message => !parse.UnmatchedTokens.Any(t => message.Contains($"'{t}'", StringComparison.Ordinal))));
        }

        return string.Join(" ", problems.Distinct(StringComparer.Ordinal));
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Description()
    {
        var text = new StringBuilder();
        text.AppendLine("Weft: deterministic concurrency testing for .NET. Explores the interleavings of catalog scenarios under a");
        text.AppendLine("controlled scheduler, writes a trace file for every bug, and replays trace files exactly.");
        text.AppendLine();
        text.AppendLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodeHelp())
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {(int)code,3}  {meaning}"));
        }

        text.AppendLine();
        text.AppendLine("Environment variables:");
        text.Append("  NO_COLOR  when set and not empty, print without colour (like --no-color).");
        return text.ToString();
    }

    private static IEnumerable<(ExitCode Code, string Meaning)> ExitCodeHelp() =>
    [
        (ExitCode.Success, "no bugs found (also --help and --version)"),
        (ExitCode.BugsFound, "bugs found (by explore, in any scenario), or replay reproduced the trace's bug"),
        (ExitCode.UsageError, "usage or input error: unknown option, value or scenario; trace file missing, corrupt, or from another test or version"),
        (ExitCode.NotReproduced, "replay did not reproduce the trace's bug"),
        (ExitCode.InternalError, "internal error (--diagnostics prints the stack trace)"),
        (ExitCode.Cancelled, "cancelled (Ctrl+C)"),
    ];
}
