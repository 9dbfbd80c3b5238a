using System.IO.Compression;
using Mono.Cecil;

namespace Weft.Tests.Packaging;

/// <summary>The <c>weft</c> tool package carries the rewritten Weft and scenario assemblies, not the copies built elsewhere.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ReleaseBuildCollection))]
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("weft-tool-package-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Pack_WeftCli_ShipsRewrittenWeftAndScenarioAssemblies()
    {
        string repository = SampleUserProject.RepositoryRoot;
        string feed = Path.Combine(_root, "feed");
        var pack = DotnetCommand.Run(repository, ["pack", Path.Combine(repository, "tools", "Weft.Cli", "Weft.Cli.csproj"), "-c", "Release", "-o", feed, "--disable-build-servers"]);
        Assert.True(pack.ExitCode == 0, pack.ToString());

        string package = Assert.Single(Directory.GetFiles(feed, "Weft.Cli.*.nupkg"));
        ZipFile.ExtractToDirectory(package, Path.Combine(_root, "package"));
        string tool = Path.Combine(_root, "package", "tools", "net10.0", "any");
        foreach (var name in new[] { "Weft.dll", "Weft.Scenarios.dll" })
        {
            using var assembly = AssemblyDefinition.ReadAssembly(Path.Combine(tool, name));
            var attributes = assembly.CustomAttributes.Select(a => a.AttributeType.Name).ToArray();
            Assert.Contains("RewritingSignatureAttribute", attributes);
            Assert.Contains("WeftInstrumentedAttribute", attributes);
        }
    }
}
