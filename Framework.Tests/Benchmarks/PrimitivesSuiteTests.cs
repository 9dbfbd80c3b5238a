using Weft.Benchmarks.Harness;

namespace Weft.Tests.Benchmarks;

public sealed class PrimitivesSuiteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-primitives-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Title_ReportFile_IsTheBenchmarkClass() =>
        Assert.Equal("CounterBenchmarks", PrimitivesSuite.Title("/a/results/Weft.Benchmarks.Primitives.CounterBenchmarks-report-github.md"));

    [Fact]
    public void Read_ArtifactsFolder_TakesEveryGitHubReportInNameOrder()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "results"));
        File.WriteAllText(Path.Combine(_folder, "results", "Ns.B-report-github.md"), "| B |");
        File.WriteAllText(Path.Combine(_folder, "results", "Ns.A-report-github.md"), "| A |");
        File.WriteAllText(Path.Combine(_folder, "results", "Ns.A-report.csv"), "not markdown");

        var results = PrimitivesSuite.Read(_folder, "reading", null);

        Assert.Equal([("A", "| A |"), ("B", "| B |")], results.Tables);
        Assert.Equal("reading", results.Reading);
        Assert.Null(results.Note);
    }

    [Fact]
    public void Read_NoResults_SaysSo()
    {
        var results = PrimitivesSuite.Read(_folder, null, "Short job.");

        Assert.Empty(results.Tables);
        Assert.Equal("Short job. No result tables were found.", results.Note);
    }
}
