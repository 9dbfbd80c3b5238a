using Weft.Cli;
using Weft.Scenarios;

// Main only wires the console to the command line and maps the result to the process's exit code.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C lets the running scenario finish and still prints its results; a second one ends the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

var context = new CliContext(Console.Out, Console.Error, ScenarioAssembly.Catalog, !Console.IsOutputRedirected,
    Environment.GetEnvironmentVariable);
return (int)await new CliApplication(context).RunAsync(args, cancellation.Token);
