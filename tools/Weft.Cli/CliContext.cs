using Spectre.Console;
using Weft.Catalog;

namespace Weft.Cli;

/// <summary>What the verbs share: where results and messages go, the environment and the scenario catalog.</summary>
/// <remarks>Injected so that tests run the whole command line in-process with <see cref="StringWriter"/>s. The only environment
/// variable read is <c>NO_COLOR</c> (any non-empty value turns colour off, like <c>--no-color</c>).</remarks>
internal sealed class CliContext
{
    /// <summary>The width tables are laid out in when the output is not a terminal: wide enough that no cell wraps, so that
    /// piped output keeps one scenario per line for grep.</summary>
    private const int RedirectedWidth = 512;

    private readonly Func<string, string?> _getEnvironmentVariable;

    public CliContext(TextWriter output, TextWriter error, ScenarioCatalog catalog, bool outputIsTerminal,
        Func<string, string?> getEnvironmentVariable)
    {
        Output = output;
        Error = error;
        Catalog = catalog;
        OutputIsTerminal = outputIsTerminal;
        _getEnvironmentVariable = getEnvironmentVariable;
    }

    /// <summary>Results: reports, tables, JSON documents.</summary>
    public TextWriter Output { get; }

    /// <summary>Progress and the one-line errors.</summary>
    public TextWriter Error { get; }

    /// <summary>The scenarios <c>list</c> shows and <c>explore</c> and <c>replay</c> run.</summary>
    public ScenarioCatalog Catalog { get; }

    /// <summary>Whether <see cref="Output"/> is an interactive terminal (and so may get colour).</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Whether <c>NO_COLOR</c> asks for no colour.</summary>
    public bool NoColorRequested => !string.IsNullOrEmpty(_getEnvironmentVariable("NO_COLOR"));

    /// <summary>Writes progress: one line on <see cref="Error"/>, so that it never mixes with results.</summary>
    public void Progress(string line) => Error.WriteLine(line);

    /// <summary>A Spectre console that renders onto <see cref="Output"/>; colour only on a terminal and when not turned off.</summary>
    public IAnsiConsole CreateConsole(bool noColorOption)
    {
        bool color = OutputIsTerminal && !noColorOption && !NoColorRequested;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Output),
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!OutputIsTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
