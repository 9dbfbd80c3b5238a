using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Weft.Tests.Packaging;

/// <summary>Writes the sample user project of <c>Framework.Tests/Packaging/SampleUserProject/</c> into a folder outside the repository.</summary>
/// <remarks>
/// The sample is a plain xunit v3 test project with one racy test (<c>RacyCounterTests.cs</c>) that passes only when Weft
/// finds and replays the data race on its counter, which needs the build step to have rewritten the test assembly. The folder gets
/// empty <c>Directory.Build.props</c> and <c>Directory.Build.targets</c> so that nothing above it takes part in the build,
/// as in a user's own repository.
/// </remarks>
internal static partial class SampleUserProject
{
    /// <summary>The project file name; its assembly is <c>SampleUser.Tests.dll</c>.</summary>
    public const string ProjectFileName = "SampleUser.Tests.csproj";

    /// <summary>The root of this repository: the nearest folder above the test host that holds <c>Testing.sln</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string TemplateDirectory => Path.Combine(RepositoryRoot, "Framework.Tests", "Packaging", "SampleUserProject");

    /// <summary>Writes the sample referencing the Weft package, version 0.1.0, and a NuGet.config that takes Weft only from <paramref name="feedDirectory"/>.</summary>
    /// <param name="directory">The sample's folder; created if needed.</param>
    /// <param name="feedDirectory">A folder holding the packed <c>Weft.0.1.0.nupkg</c>.</param>
    public static void WriteWithPackageReference(string directory, string feedDirectory)
    {
        WriteCommonFiles(directory, File.ReadAllText(Path.Combine(TemplateDirectory, "PackageReference.csproj.template")));
        WriteNuGetConfig(directory, feedDirectory);
    }

    /// <summary>Writes the sample referencing <c>Framework/Framework.csproj</c> of this repository, plus the one import line.</summary>
    /// <param name="directory">The sample's folder; created if needed.</param>
    public static void WriteWithProjectReference(string directory)
    {
        string project = File.ReadAllText(Path.Combine(TemplateDirectory, "ProjectReference.csproj.template"))
            .Replace("@WEFT_ROOT@", RepositoryRoot.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        WriteCommonFiles(directory, project);
    }

    /// <summary>The SHA-256 of a file, to tell which copy of a package a restore used.</summary>
    public static string HashOf(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static void WriteCommonFiles(string directory, string project)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectFileName), project);
        File.Copy(Path.Combine(TemplateDirectory, "RacyCounterTests.cs"), Path.Combine(directory, "RacyCounterTests.cs"));
        File.Copy(Path.Combine(TemplateDirectory, "global.json.template"), Path.Combine(directory, "global.json"));
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
    }

    /// <summary>
    /// Keeps the sources this machine already uses (the file has no <c>&lt;clear/&gt;</c>) and adds the feed with the packed
    /// Weft and, when it exists, the machine's package cache as a local source so that a restore needs no network.
    /// Package source mapping sends <c>Weft</c> to the feed only: neither a stale Weft 0.1.0 in the machine's cache nor a
    /// package of the same name upstream can be picked instead.
    /// </summary>
    private static void WriteNuGetConfig(string directory, string feedDirectory)
    {
        var upstream = RegisteredSourceNames(directory);
        var machineCache = GlobalPackagesFolder(directory);
        var sources = new XElement("packageSources", new XElement("add", new XAttribute("key", "weft-feed"), new XAttribute("value", feedDirectory)));
        var mapping = new XElement("packageSourceMapping", Mapping("weft-feed", "Weft"));
        if (machineCache is not null && Directory.Exists(machineCache))
        {
            sources.Add(new XElement("add", new XAttribute("key", "machine-cache"), new XAttribute("value", machineCache)));
            mapping.Add(Mapping("machine-cache", "*"));
        }

        foreach (var name in upstream)
        {
            mapping.Add(Mapping(name, "*"));
        }

        new XDocument(new XElement("configuration", sources, mapping)).Save(Path.Combine(directory, "NuGet.config"));
    }

    private static XElement Mapping(string source, string pattern) =>
        new("packageSource", new XAttribute("key", source), new XElement("package", new XAttribute("pattern", pattern)));

    private static IReadOnlyList<string> RegisteredSourceNames(string directory)
    {
        var result = DotnetCommand.Run(directory, ["nuget", "list", "source", "--format", "Detailed"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }

        return SourceLine().Matches(result.Output).Select(m => m.Groups["name"].Value).ToArray();
    }

    private static string? GlobalPackagesFolder(string directory)
    {
        var result = DotnetCommand.Run(directory, ["nuget", "locals", "global-packages", "--list"]);
        var match = GlobalPackagesLine().Match(result.Output);
        return result.ExitCode == 0 && match.Success ? match.Groups["path"].Value.Trim() : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Testing.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds Testing.sln; the packaging tests run from the repository's build output.");
    }

    // "  1.  nuget.org [Enabled]" in the output of `dotnet nuget list source --format Detailed`.
    [GeneratedRegex(@"^\s*\d+\.\s+(?<name>.+?)\s+\[(?:Enabled|Disabled)\]\s*$", RegexOptions.Multiline)]
    private static partial Regex SourceLine();

    // "global-packages: /home/me/.nuget/packages/" in the output of `dotnet nuget locals global-packages --list`.
    [GeneratedRegex(@"^global-packages:\s*(?<path>.+)$", RegexOptions.Multiline)]
    private static partial Regex GlobalPackagesLine();
}
