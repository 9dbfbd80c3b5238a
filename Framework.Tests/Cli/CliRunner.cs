using Weft.Cli;
using Weft.Scenarios;

namespace Weft.Tests.Cli;

/// <summary>Runs the whole <c>weft</c> command line in-process, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    /// <summary>Runs <paramref name="args"/> with no terminal and no environment variables, as in a CI log.</summary>
    public static (ExitCode Code, string Out, string Err) Run(params string[] args) => Run(_ => null, args);

    /// <summary>Runs <paramref name="args"/> with the given environment variables.</summary>
    public static (ExitCode Code, string Out, string Err) Run(Func<string, string?> environment, params string[] args) =>
        Run(environment, TestContext.Current.CancellationToken, args);

    /// <summary>Runs <paramref name="args"/> as if Ctrl+C had been pressed before it started.</summary>
    public static (ExitCode Code, string Out, string Err) RunCancelled(params string[] args) =>
        Run(_ => null, new CancellationToken(canceled: true), args);

    private static (ExitCode Code, string Out, string Err) Run(Func<string, string?> environment, CancellationToken cancellation, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, ScenarioAssembly.Catalog, outputIsTerminal: false, environment);
        var code = new CliApplication(context).RunAsync(args, cancellation).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }
}
