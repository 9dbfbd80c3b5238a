using Weft.Benchmarks;
using Weft.Benchmarks.Harness;
using Weft.Benchmarks.Reporting;
using Weft.Benchmarks.Workers;

namespace Weft.Tests.Benchmarks;

public sealed class BenchmarkReportTests
{
    private const string Probe = "bench/yield-probe";
    private const string Channel = "task-leaks/bounded-producer";

    [Fact]
    public void CostOverCoyote_HalfTheIterationsPerSecond_IsTwice() =>
        Assert.Equal(2.0, BenchmarkReport.CostOverCoyote(Throughput(), Probe, ThroughputConfig.AllOn));

    [Fact]
    public void CostOverCoyote_CoyoteAloneReportedBugsInACorrectScenario_HasNoRatio() =>
        Assert.Null(BenchmarkReport.CostOverCoyote(Throughput(), Channel, ThroughputConfig.AllOn));

    [Fact]
    public void RaceCost_IsRacesOffRateOverAllOnRate() =>
        Assert.Equal(1.25, BenchmarkReport.RaceCost(Throughput(), Probe));

    [Fact]
    public void Rate_IsTheMedianOverRounds() =>
        Assert.Equal(100.0, BenchmarkReport.Rate(Throughput(), Probe, ThroughputConfig.CoyoteAlone));

    [Fact]
    public void PowerCell_FoundInMostSeeds_GivesMedianIterationsSecondsAndCount()
    {
        var row = Power(found: [1, 2, 3, 4, 5, 6, 7], missed: 3);

        Assert.Equal("5.50 it, 0.55 s (7/10)", BenchmarkReport.PowerCell(row, "random"));
        Assert.True(BenchmarkReport.MedianFound(row, "random"));
    }

    [Fact]
    public void PowerCell_FoundInHalfTheSeeds_HasNoMedian()
    {
        var row = Power(found: [1, 2, 3, 4, 5], missed: 5);

        Assert.Equal("— (5/10)", BenchmarkReport.PowerCell(row, "random"));
        Assert.False(BenchmarkReport.MedianFound(row, "random"));
    }

    [Fact]
    public void PowerCell_StrategyNotMeasured_IsNotApplicable() =>
        Assert.Equal("n/a", BenchmarkReport.PowerCell(Power(found: [1], missed: 0), "pct"));

    [Theory]
    [InlineData(1.5, "faster")]
    [InlineData(0.5, "slower")]
    [InlineData(1.2, "no clear effect")]
    public void LeverReading_NamesTheEffect(double speedup, string expected) =>
        Assert.Equal(expected, BenchmarkReport.LeverReading(new LeverResult("x", "y", speedup, null)));

    [Fact]
    public void LeverReading_NotMeasured_GivesTheReason() =>
        Assert.Equal("the worker failed", BenchmarkReport.LeverReading(new LeverResult("x", "y", null, "the worker failed")));

    [Fact]
    public void Write_AllSections_HasEveryHeadingTheCommandAndTheVerdicts()
    {
        string markdown = BenchmarkReport.Write(Results());

        Assert.StartsWith("# Benchmarks\n", markdown, StringComparison.Ordinal);
        Assert.Contains("```sh\n" + BenchmarkCommand.RegenerateCommand + "\n```", markdown, StringComparison.Ordinal);
        foreach (string heading in new[] { "## Machine", "## 1. Exploration throughput", "## 2. Where Coyote's time goes", "## 3. Bug-finding power", "## 4. Primitives", "## 5. Reading" })
        {
            Assert.Contains("\n" + heading, markdown, StringComparison.Ordinal);
        }

        Assert.Contains("| `bench/yield-probe` | 2.00× | 1.60× | n/a | n/a | 1.00× | 1.25× |", markdown, StringComparison.Ordinal);
        Assert.Contains("costs 2.00× Coyote alone's time per iteration on the geometric mean of the 1 scenarios Coyote alone runs correctly (limit 1.50×): **not met**", markdown, StringComparison.Ordinal);
        Assert.Contains("Race detection costs 1.25× no race detection (limit 1.50×): met", markdown, StringComparison.Ordinal);
        Assert.Contains("| one CPU | taskset | 2.50× | 2.00× – 3.00× | faster |", markdown, StringComparison.Ordinal);
        Assert.Contains("| **found** |  | **1 of 1** | **0 of 1** | **0 of 1** | **0 of 1** | **0 of 1** | **1 of 1** |", markdown, StringComparison.Ordinal);
        Assert.Contains("### CounterBenchmarks\n\n| Method |", markdown, StringComparison.Ordinal);
        Assert.EndsWith("\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NothingMeasured_SaysSoInEachSection()
    {
        var empty = Results() with { Throughput = null, Levers = null, Profile = null, Power = null, Primitives = null };

        string markdown = BenchmarkReport.Write(empty);

        Assert.Contains("## 1. Exploration throughput\n\nNot measured in this run.", markdown, StringComparison.Ordinal);
        Assert.Contains("The levers were not measured in this run.", markdown, StringComparison.Ordinal);
        Assert.Contains("## 3. Bug-finding power\n\nNot measured in this run.", markdown, StringComparison.Ordinal);
        Assert.Contains("## 4. Primitives (BenchmarkDotNet)\n\nNot run in this run.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoteHeadings_EmbeddedFile_DropsItsTitleAndMovesHeadingsTwoLevelsDown() =>
        Assert.Equal("Intro.\n\n#### Counters\nText.", BenchmarkReport.DemoteHeadings("# Reading\n\nIntro.\n\n## Counters\nText.\n"));

    [Fact]
    public void ResultsFile_RoundTrip_WritesTheSameReport()
    {
        var results = Results();

        var loaded = ResultsFile.Deserialize(ResultsFile.Serialize(results));

        Assert.Equal(BenchmarkReport.Write(results), BenchmarkReport.Write(loaded));
    }

    [Fact]
    public void ResultsFile_OtherVersion_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ResultsFile.Deserialize("""{ "version": 99 }"""));

        Assert.Equal("the results file is not of version 1.", error.Message);
    }

    private static BenchmarkResults Results() => new(
        new MachineInfo("Test CPU", 2, "1.0 GiB", "Test OS", ".NET 10", "1.7.11", "0.00 0.00 0.00"),
        Quick: true,
        BenchmarkCommand.RegenerateCommand,
        "settings",
        Throughput(),
        [new LeverResult("one CPU", "taskset", 2.5, null, 2.0, 3.0)],
        "profile text",
        [Power(found: [3], missed: 0)],
        new PrimitivesResults([("CounterBenchmarks", "| Method | Mean |\n|---|---:|\n| A | 1 ns |\n")], "# Reading\nText.", null),
        "0.00 0.00 0.00",
        TimeSpan.FromMinutes(1));

    private static ThroughputResults Throughput()
    {
        var samples = new Dictionary<(string, string), IReadOnlyList<ThroughputSample>>
        {
            [(Probe, ThroughputConfig.CoyoteAlone.Name)] = [Sample(90), Sample(100), Sample(110)],
            [(Probe, ThroughputConfig.AllOn.Name)] = [Sample(50)],
            [(Probe, ThroughputConfig.RacesOff.Name)] = [Sample(62.5)],
            [(Probe, ThroughputConfig.Default.Name)] = [Sample(100)],
            [(Channel, ThroughputConfig.CoyoteAlone.Name)] = [Sample(1) with { Bugs = 1, FirstBug = "Deadlock detected." }],
            [(Channel, ThroughputConfig.AllOn.Name)] = [Sample(100)],
        };
        return new ThroughputResults([(Probe, "probe"), (Channel, "channel")], ThroughputConfig.All, samples, new Dictionary<(string, string), string>());
    }

    private static ThroughputSample Sample(double iterationsPerSecond) => new((int)(iterationsPerSecond * 10), 10, (long)(iterationsPerSecond * 100), 0, 0, null);

    private static PowerRow Power(int[] found, int missed)
    {
        var samples = found.Select((iterations, i) => new PowerSample("random", (uint)i, true, "data-race", iterations, iterations / 10.0))
            .Concat(Enumerable.Range(0, missed).Select(i => new PowerSample("random", (uint)(100 + i), false, null, 300, 1.0)))
            .ToArray();
        return new PowerRow("atomics/counter-plain-increment", "data-race", samples, new StressSample(10, 0.1, null, null), null,
            new StressSample(900, 10, "assertion-failure", "count was 1, expected 2."));
    }
}
