using System.Diagnostics;
using System.Text;

namespace Weft.Tests.Packaging;

/// <summary>Runs the <c>dotnet</c> command line as a user would, in a clean environment, with a time limit.</summary>
/// <remarks>
/// The test host was itself started by <c>dotnet test</c>, whose MSBuild and test-platform variables would leak into a
/// nested build or test run; they are removed. Build servers are not used, so that no process outlives the command and
/// holds its output open.
/// </remarks>
internal static class DotnetCommand
{
    /// <summary>The limit of one command; a cold restore and build of a sample project take well under a minute.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The <c>dotnet</c> that runs this test host when it is known (<c>dotnet test</c> sets DOTNET_HOST_PATH), else the one on the PATH.</summary>
    private static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private static readonly string[] s_inheritedPrefixesToDrop = ["MSBUILD", "_MSBUILD", "TESTINGPLATFORM_", "DOTNET_TEST", "VSTEST"];

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The folder the command runs in.</param>
    /// <param name="arguments">The arguments, each passed as is.</param>
    /// <param name="environment">Variables to set for the command, in addition to the cleaned inherited ones.</param>
    /// <returns>The exit code and output; exit code -1 if the command ran longer than <see cref="Timeout"/>.</returns>
    public static CommandResult Run(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToArray())
        {
            if (s_inheritedPrefixesToDrop.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        string command = $"dotnet {string.Join(' ', start.ArgumentList)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Append(output, $"(killed after {Timeout.TotalMinutes} minutes)");
            return new CommandResult(command, -1, Snapshot(output));
        }

        // The timed wait can return before the last lines arrive; this one waits for the end of both streams.
        process.WaitForExit();
        return new CommandResult(command, process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        // The two streams are read on different threads.
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
