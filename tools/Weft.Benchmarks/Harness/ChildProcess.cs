using System.Diagnostics;

namespace Weft.Benchmarks.Harness;

/// <summary>Runs a process to completion, with extra environment variables and a timeout, and collects its output.</summary>
internal static class ChildProcess
{
    /// <summary>What a finished (or killed) child process left.</summary>
    /// <param name="ExitCode">Its exit code; -1 when it was killed at the timeout.</param>
    /// <param name="Output">Its standard output, line by line.</param>
    /// <param name="Error">The end of its standard error.</param>
    /// <param name="TimedOut">Whether it was killed at the timeout.</param>
    public sealed record Result(int ExitCode, IReadOnlyList<string> Output, string Error, bool TimedOut);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}.");
        var output = new List<string>();
        var error = new System.Text.StringBuilder();
        var readOutput = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                output.Add(line);
            }
        }, CancellationToken.None);
        var readError = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                error.AppendLine(line);
                if (error.Length > 16_000)
                {
                    error.Remove(0, error.Length - 8_000);
                }
            }
        }, CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellation.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(readOutput, readError);
        cancellation.ThrowIfCancellationRequested();
        return new Result(timedOut ? -1 : process.ExitCode, output, error.ToString(), timedOut);
    }
}
