using Weft.Benchmarks;

// Main only wires the console to the command line and maps the result to the process's exit code.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new BenchmarkCommand(Console.Out, Console.Error).RunAsync(args, cancellation.Token);
