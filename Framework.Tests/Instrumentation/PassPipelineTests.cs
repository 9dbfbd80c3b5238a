using System.Reflection;
using Mono.Cecil;
using Weft.Instrumentation;

namespace Weft.Tests.Instrumentation;

public sealed class PassPipelineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-pipeline-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BuildStep_RanOnThisTestAssembly_AfterCoyotesRewriting()
    {
        var assembly = typeof(PassPipelineTests).Assembly;

        var marker = assembly.GetCustomAttribute<WeftInstrumentedAttribute>();

        Assert.NotNull(marker);
        Assert.EndsWith("marker", marker.Passes, StringComparison.Ordinal);
        Assert.Contains(assembly.GetCustomAttributesData(), a => a.AttributeType.FullName == "Microsoft.Coyote.Rewriting.RewritingSignatureAttribute");
    }

    [Fact]
    public void Instrument_FreshAssembly_RunsThePassesAndStampsIt()
    {
        string path = WriteEmptyAssembly("Fresh");
        var probe = new ProbePass();

        bool changed = new PassPipeline([probe], "9.9.9").Instrument(path);

        Assert.True(changed);
        Assert.Equal(1, probe.Runs);
        using var written = AssemblyDefinition.ReadAssembly(path);
        var stamp = Assert.Single(written.CustomAttributes, a => a.AttributeType.Name == nameof(WeftInstrumentedAttribute));
        Assert.Equal("9.9.9", stamp.ConstructorArguments[0].Value);
        Assert.Equal("probe,marker", stamp.ConstructorArguments[1].Value);
        Assert.Contains(written.MainModule.Types, t => t.Name == "ProbeMark");
    }

    [Fact]
    public void Instrument_SecondTime_LeavesTheAssemblyUntouched()
    {
        string path = WriteEmptyAssembly("Twice");
        var probe = new ProbePass();
        var pipeline = new PassPipeline([probe], "9.9.9");
        pipeline.Instrument(path);
        byte[] before = File.ReadAllBytes(path);

        bool changed = pipeline.Instrument(path);

        Assert.False(changed);
        Assert.Equal(1, probe.Runs);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void BuildStep_MissingFolder_FailsWithOneLine()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = BuildStep.Run(["--directory", Path.Combine(_folder, "missing")], output, error);

        Assert.Equal(1, exit);
        Assert.Equal($"weft-rewrite: error: output folder '{Path.Combine(_folder, "missing")}' does not exist.{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void BuildStep_UnknownArgument_FailsWithUsage()
    {
        var error = new StringWriter();

        int exit = BuildStep.Run(["--bogus"], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.StartsWith("weft-rewrite: error: unexpected argument '--bogus'.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStep_ConfigNamesNothingPresent_DoesNothing()
    {
        string config = Path.Combine(_folder, "coyote.json");
        File.WriteAllText(config, """{ "Assemblies": [ "NotHere.dll" ] }""");
        var output = new StringWriter();

        int exit = BuildStep.Run(["--directory", _folder, "--config", config], output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("nothing to rewrite", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStep_CoyoteOnly_RewritesWithCoyoteAndStampsNothingOfWeft()
    {
        string path = WriteEmptyAssembly("CoyoteOnly");
        var output = new StringWriter();

        int exit = BuildStep.Run(["--directory", _folder, "--assembly", "CoyoteOnly.dll", "--coyote-only"], output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("CoyoteOnly.dll rewritten by Coyote only", output.ToString(), StringComparison.Ordinal);
        Assert.True(CoyoteRewriter.IsRewritten(path));
        Assert.False(PassPipeline.IsInstrumented(path));
    }

    [Fact]
    public void BuildStep_AssemblyRewrittenByCoyoteAlone_IsRefused()
    {
        WriteEmptyAssembly("CoyoteFirst");
        BuildStep.Run(["--directory", _folder, "--assembly", "CoyoteFirst.dll", "--coyote-only"], new StringWriter(), new StringWriter());
        var error = new StringWriter();

        int exit = BuildStep.Run(["--directory", _folder, "--assembly", "CoyoteFirst.dll"], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Equal(
            "weft-rewrite: error: 'CoyoteFirst.dll' was rewritten by Coyote alone (--coyote-only); Weft's passes must run before Coyote's rewriting, so rebuild it."
                + Environment.NewLine,
            error.ToString());
    }

    private string WriteEmptyAssembly(string name)
    {
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
        string path = Path.Combine(_folder, name + ".dll");
        assembly.Write(path);
        return path;
    }

    /// <summary>A pass that leaves a visible mark, to prove the pipeline ran it.</summary>
    private sealed class ProbePass : InstrumentationPass
    {
        public int Runs { get; private set; }

        public override string Name => "probe";

        public override void Run(AssemblyDefinition assembly)
        {
            Runs++;
            assembly.MainModule.Types.Add(new TypeDefinition("Probe", "ProbeMark", Mono.Cecil.TypeAttributes.Class | Mono.Cecil.TypeAttributes.Public, assembly.MainModule.TypeSystem.Object));
        }
    }
}
