using Weft.Exploration;

namespace Weft.Tests.Exploration;

public sealed class ExplorationOptionsTests
{
    [Fact]
    public void Defaults_AreThePublishedValues()
    {
        var options = new ExplorationOptions();

        Assert.Equal(100, options.Iterations);
        Assert.Null(options.TimeBudget);
        Assert.Equal(0u, options.Seed);
        Assert.Equal(StrategyKind.Portfolio, options.Strategy);
        Assert.Null(options.StrategyBound);
        Assert.Equal(10_000, options.MaxSteps);
        Assert.True(options.ReportStepBoundAsHang);
        Assert.Equal(TimeSpan.FromSeconds(5), options.DeadlockTimeout);
        Assert.Equal(1, options.MaxBugs);
        Assert.Equal("weft-traces", options.TraceDirectory);
        Assert.True(options.DetectLeakedTasks);
        Assert.Empty(options.IgnoreLeakedTasksIn);
        Assert.True(options.DetectDataRaces);
        Assert.Empty(options.SuppressDataRacesOn);
        Assert.True(options.RunOnOneCpu);
    }

    [Fact]
    public void Validate_Defaults_DoesNotThrow() => new ExplorationOptions().Validate();

    [Fact]
    public void Validate_SeveralInvalidValues_ReportsEveryProblemInOneException()
    {
        var options = new ExplorationOptions
        {
            Iterations = 0,
            TimeBudget = TimeSpan.FromSeconds(-1),
            MaxSteps = 0,
            MaxBugs = 0,
            DeadlockTimeout = TimeSpan.Zero,
            TraceDirectory = " ",
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(
            string.Join('\n',
                "Invalid ExplorationOptions:",
                "Iterations must be at least 1 (was 0).",
                "TimeBudget must be positive (was -00:00:01).",
                "MaxSteps must be at least 1 (was 0).",
                "DeadlockTimeout must be between 1 ms and 1 hour (was 00:00:00).",
                "MaxBugs must be at least 1 (was 0).",
                "TraceDirectory must not be empty."),
            error.Message);
    }

    [Fact]
    public void Validate_BoundWithRandomStrategy_NamesTheStrategy()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Random, StrategyBound = 5 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(
            "Invalid ExplorationOptions:\nStrategyBound applies only to the probabilistic, pct and fair-pct strategies (was 5 with strategy random).",
            error.Message);
    }

    [Fact]
    public void Validate_ZeroPctBound_IsRejected()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Pct, StrategyBound = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("Invalid ExplorationOptions:\nStrategyBound must be at least 1 (was 0).", error.Message);
    }

    [Theory]
    [InlineData(StrategyKind.Probabilistic, 3u)]
    [InlineData(StrategyKind.Pct, 10u)]
    [InlineData(StrategyKind.FairPct, 10u)]
    [InlineData(StrategyKind.Random, 0u)]
    [InlineData(StrategyKind.Portfolio, 0u)]
    public void Resolve_NoBound_UsesTheStrategyDefault(StrategyKind strategy, uint expected) =>
        Assert.Equal(expected, new ExplorationOptions { Strategy = strategy }.Resolve().StrategyBound);

    [Fact]
    public void StrategyNames_RoundTripEveryKind()
    {
        foreach (var kind in Enum.GetValues<StrategyKind>())
        {
            Assert.True(StrategyNames.TryParse(StrategyNames.Of(kind), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.Equal(["portfolio", "random", "probabilistic", "pct", "fair-pct"], StrategyNames.All);
    }
}
