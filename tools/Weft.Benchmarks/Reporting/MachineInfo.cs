using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Weft.Benchmarks.Reporting;

/// <summary>The machine a report was measured on.</summary>
/// <param name="Cpu">The CPU model, from <c>/proc/cpuinfo</c>.</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="Memory">Total memory, from <c>/proc/meminfo</c>.</param>
/// <param name="Os">The operating system.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Coyote">The Coyote version.</param>
/// <param name="Load">The load average (1, 5, 15 minutes) when the run started, from <c>/proc/loadavg</c>.</param>
internal sealed partial record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Runtime, string Coyote, string Load)
{
    /// <summary>Describes this machine.</summary>
    public static MachineInfo Current() => new(
        Cpu: Read("/proc/cpuinfo", CpuModel()) ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores: Environment.ProcessorCount,
        Memory: Read("/proc/meminfo", MemTotal()) is { } kb && long.TryParse(kb, out long k) ? $"{k / 1024 / 1024.0:0.0} GiB" : "unknown",
        Os: (Read("/etc/os-release", PrettyName()) ?? RuntimeInformation.OSDescription) + $", kernel {Environment.OSVersion.Version}",
        Runtime: $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})",
        Coyote: typeof(Microsoft.Coyote.Configuration).Assembly.GetName().Version?.ToString(3) ?? "unknown",
        Load: LoadAverage());

    /// <summary>The load average now, or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string? Read(string path, Regex pattern)
    {
        try
        {
            var match = pattern.Match(File.ReadAllText(path));
            return match.Success ? match.Groups[1].Value.Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^model name\s*:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex CpuModel();

    [GeneratedRegex(@"^MemTotal:\s*(\d+)\s*kB", RegexOptions.Multiline)]
    private static partial Regex MemTotal();

    [GeneratedRegex("^PRETTY_NAME=\"?([^\"\\n]+)\"?", RegexOptions.Multiline)]
    private static partial Regex PrettyName();
}
