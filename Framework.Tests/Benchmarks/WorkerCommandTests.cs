using Weft.Benchmarks.Harness;
using Weft.Benchmarks.Workers;

namespace Weft.Tests.Benchmarks;

public sealed class WorkerCommandTests
{
    [Fact]
    public void Arguments_ThroughputJob_NameEverySetting()
    {
        var job = new ThroughputJob(Engine.Weft, "atomics/counter", 1.5, 7, "pct", DetectDataRaces: false, DetectLeakedTasks: true,
            CoyoteSetting.None, RunOnOneCpu: true);

        Assert.Equal(
            ["throughput", "--engine", "weft", "--scenario", "atomics/counter", "--seconds", "1.5", "--seed", "7", "--strategy", "pct",
             "--setting", "None", "--no-races", "--one-cpu"],
            WorkerCommand.Arguments(job));
    }

    [Fact]
    public void Parse_WorkerOutput_ReadsTheJsonLinesOnly()
    {
        string[] lines = ["warming up", """{"iterations":3,"seconds":0.5,"steps":30,"operations":12,"bugs":0,"firstBug":null}"""];

        var sample = Assert.Single(WorkerClient.Parse<ThroughputSample>(lines));

        Assert.Equal(new ThroughputSample(3, 0.5, 30, 12, 0, null), sample);
        Assert.Equal(6.0, sample.IterationsPerSecond);
    }

    [Fact]
    public void SeedOf_Explorations_AreFarApart() =>
        Assert.Equal([0u, 1_000_003u, 2_000_006u], Enumerable.Range(0, 3).Select(PowerWorker.SeedOf));
}
