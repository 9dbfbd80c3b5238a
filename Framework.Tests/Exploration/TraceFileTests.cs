using System.Text.Json.Nodes;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Exploration;

public sealed class TraceFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-trace-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_MissingFile_ThrowsOneLine()
    {
        string path = Path.Combine(_folder, "nope.weft.json");

        var error = Assert.Throws<TraceFileException>(() => TraceFile.Load(path));

        Assert.Equal($"trace file '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void Load_CorruptJson_ThrowsOneLine()
    {
        string path = Write("{ \"formatVersion\": 1, ");

        var error = Assert.Throws<TraceFileException>(() => TraceFile.Load(path));

        Assert.StartsWith($"trace file '{path}' is not valid JSON (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_NotAnObject_ThrowsOneLine()
    {
        string path = Write("[1, 2]");

        var error = Assert.Throws<TraceFileException>(() => TraceFile.Load(path));

        Assert.Equal($"trace file '{path}' is not a Weft trace (expected a JSON object).", error.Message);
    }

    [Fact]
    public void Load_NewerFormatVersion_ThrowsOneLine()
    {
        string path = Write(Edit(RealTrace(), root => root["formatVersion"] = 99));

        var error = Assert.Throws<TraceFileException>(() => TraceFile.Load(path));

        Assert.Equal($"trace file '{path}' has format version 99; this Weft ({TraceFile.CurrentWeftVersion}) reads version 1 and older.", error.Message);
    }

    [Fact]
    public void Load_MissingBugKind_NamesTheField()
    {
        string path = Write(Edit(RealTrace(), root => root["bug"]!.AsObject().Remove("kind")));

        var error = Assert.Throws<TraceFileException>(() => TraceFile.Load(path));

        Assert.Equal($"trace file '{path}' is missing field 'bug.kind'.", error.Message);
    }

    [Fact]
    public void Load_SeedIsText_NamesTheFieldAndType()
    {
        string path = Write(Edit(RealTrace(), root => root["options"]!["seed"] = "seven"));

        var error = Assert.Throws<TraceFileException>(() => TraceFile.Load(path));

        Assert.Equal($"trace file '{path}' has field 'options.seed' that is not a number.", error.Message);
    }

    [Fact]
    public void Load_RealTrace_ReadsEveryField()
    {
        var trace = TraceFile.Load(RealTrace());

        Assert.Equal(TraceFile.CurrentFormatVersion, trace.FormatVersion);
        Assert.Equal(TraceFile.CurrentWeftVersion, trace.WeftVersion);
        Assert.Equal("atomics/counter-read-await-write", trace.Test.ScenarioId);
        Assert.Equal(BugKind.AssertionFailure, trace.Bug.Kind);
        Assert.Equal(StrategyKind.Random, trace.Strategy);
        Assert.Equal((uint)(3 + trace.Iteration - 1), trace.IterationSeed);
    }

    [Fact]
    public void Load_TraceWrittenBeforeRaceDetection_ReplaysWithoutIt()
    {
        string path = Write(Edit(RealTrace(), root => root["options"]!.AsObject().Remove("detectDataRaces")));

        Assert.False(TraceFile.Load(path).Options.DetectDataRaces);
    }

    [Fact]
    public void ToJson_DetectDataRaces_RoundTrips()
    {
        var trace = TraceFile.Load(Write(Edit(RealTrace(), root => root["options"]!["detectDataRaces"] = true)));

        Assert.True(trace.Options.DetectDataRaces);
        Assert.True(TraceFile.Load(Write(trace.ToJson())).Options.DetectDataRaces);
    }

    [Fact]
    public void Save_ExistingName_KeepsTheOldFileAndPicksANewName()
    {
        var trace = TraceFile.Load(RealTrace());
        string first = trace.Save(_folder);
        string before = File.ReadAllText(first);

        string second = trace.Save(_folder);

        Assert.NotEqual(first, second);
        Assert.EndsWith("-2.weft.json", second, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(first));
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private string RealTrace()
    {
        var scenario = Assert.Single(Weft.Scenarios.ScenarioAssembly.Catalog.Scenarios, s => s.Id == "atomics/counter-read-await-write");
        var report = scenario.Explore(new ExplorationOptions { Seed = 3, Strategy = StrategyKind.Random, TraceDirectory = Path.Combine(_folder, "real") }, TestContext.Current.CancellationToken);
        return Assert.Single(report.Bugs).TraceFile!;
    }

    private static string Edit(string path, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private string Write(string text)
    {
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.weft.json");
        File.WriteAllText(path, text);
        return path;
    }
}
