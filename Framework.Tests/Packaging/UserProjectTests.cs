using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Weft.Tests.Packaging;

/// <summary>
/// A user's own test project, outside this repository, references Weft the way a user would (the package that
/// <c>dotnet pack</c> makes, or a project reference to a Weft source tree), is built with nothing but the .NET SDK, and
/// its racy test finds and replays its bug. These tests run real <c>dotnet</c> commands and take tens of seconds.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ReleaseBuildCollection))]
public sealed class UserProjectTests : IClassFixture<PackedWeftFixture>, IDisposable
{
    private const string SampleAssembly = "SampleUser.Tests.dll";

    private readonly PackedWeftFixture _packed;
    private readonly string _root = Directory.CreateTempSubdirectory("weft-user-project-").FullName;

    public UserProjectTests(PackedWeftFixture packed)
    {
        _packed = packed;
        Assert.False(
            _root.StartsWith(SampleUserProject.RepositoryRoot, StringComparison.Ordinal),
            $"The temporary folder '{_root}' is inside the repository, whose Directory.Build.props would apply to the sample.");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Pack_Framework_ContainsLibraryBuildTargetsAndRunnableRewriter()
    {
        Assert.True(_packed.Pack.ExitCode == 0, _packed.Pack.ToString());
        using var package = ZipFile.OpenRead(_packed.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        string[] expected =
        [
            "lib/net10.0/Weft.dll", "lib/net10.0/Weft.xml", "build/Weft.targets", "buildTransitive/Weft.targets",
            "tools/rewriter/Weft.Rewriter.dll", "tools/rewriter/Weft.Rewriter.runtimeconfig.json", "tools/rewriter/Weft.Rewriter.deps.json",
        ];
        Assert.All(expected, entry => Assert.Contains(entry, entries));

        // Everything the rewriter's deps.json lists as a runtime assembly ships beside it (Weft, Coyote, Mono.Cecil, ...).
        using var deps = JsonDocument.Parse(package.GetEntry("tools/rewriter/Weft.Rewriter.deps.json")!.Open());
        var runtimeAssemblies = deps.RootElement.GetProperty("targets").EnumerateObject().Single().Value.EnumerateObject()
            .SelectMany(library => library.Value.TryGetProperty("runtime", out var runtime) ? runtime.EnumerateObject().Select(a => Path.GetFileName(a.Name)) : [])
            .ToArray();
        Assert.Contains("Microsoft.Coyote.Test.dll", runtimeAssemblies);
        Assert.Contains("Mono.Cecil.dll", runtimeAssemblies);
        Assert.All(runtimeAssemblies, file => Assert.Contains($"tools/rewriter/{file}", entries));
        Assert.DoesNotContain("tools/rewriter/Weft.Rewriter", entries);

        // The build step drives Coyote's internal rewriting API, so the package depends on exact versions.
        var nuspec = XDocument.Load(package.GetEntry("Weft.nuspec")!.Open());
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal("[1.7.11]", dependencies["Microsoft.Coyote"]);
        Assert.Matches(@"^\[[^,]+\]$", dependencies["Mono.Cecil"]);
    }

    [Fact]
    public void Build_PackageReferenceToPackedWeft_RewritesOutputsAndTestFindsRace()
    {
        Assert.True(_packed.Pack.ExitCode == 0, _packed.Pack.ToString());
        string project = Path.Combine(_root, "SampleUser.Tests");
        SampleUserProject.WriteWithPackageReference(project, _packed.FeedDirectory);

        // A package cache of its own, so a Weft 0.1.0 cached by an earlier run can never stand in for this one.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };
        BuildAndTest(project, environment, "Debug");

        string restored = Path.Combine(_root, "packages", "weft", "0.1.0", "weft.0.1.0.nupkg");
        Assert.Equal(SampleUserProject.HashOf(_packed.PackagePath), SampleUserProject.HashOf(restored));
    }

    [Fact]
    public void Build_ProjectReferenceWithWeftTargetsImport_RewritesOutputsAndTestFindsRace()
    {
        string project = Path.Combine(_root, "SampleUser.Tests");
        SampleUserProject.WriteWithProjectReference(project);

        // The machine's own NuGet settings and cache: the restore also covers Framework.csproj of this repository. Release,
        // which the pack above has just built, so that this build leaves the Debug outputs of the running tests alone.
        BuildAndTest(project, environment: null, "Release");
    }

    private static void BuildAndTest(string project, IReadOnlyDictionary<string, string>? environment, string configuration)
    {
        var build = DotnetCommand.Run(project, ["build", SampleUserProject.ProjectFileName, "-c", configuration, "--disable-build-servers"], environment);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.Output.Contains($"weft-rewrite: {SampleAssembly} instrumented", StringComparison.Ordinal), build.ToString());
        Assert.True(build.Output.Contains("weft-rewrite: Weft.dll instrumented", StringComparison.Ordinal), build.ToString());

        var test = DotnetCommand.Run(project, ["test", "--project", SampleUserProject.ProjectFileName, "-c", configuration, "--no-build", "--minimum-expected-tests", "1"], environment);
        Assert.True(test.ExitCode == 0, test.ToString());

        string traces = Path.Combine(project, "bin", configuration, "net10.0", "weft-traces");
        Assert.True(Directory.Exists(traces) && Directory.EnumerateFiles(traces, "*.weft.json").Any(), $"No trace file in '{traces}'.{Environment.NewLine}{test}");
    }
}
