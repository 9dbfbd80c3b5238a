using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Checking;

public sealed class RaceSuppressionTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-suppression-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_PlainIncrementOfAnUnmarkedField_IsReported() =>
        Assert.Equal(BugKind.DataRace, Assert.Single(Explorer.Explore(() => Twice(new Counters().IncrementPlain), Options()).Bugs).Kind);

    [Fact]
    public void Explore_PlainIncrementOfASuppressedField_IsNotReported() =>
        AssertClean(Explorer.Explore(() => Twice(new Counters().IncrementSuppressedField), Options()));

    [Fact]
    public void Explore_IncrementsInASuppressedMethod_AreNotReported() =>
        AssertClean(Explorer.Explore(() => Twice(new Counters().IncrementInSuppressedMethod), Options()));

    [Fact]
    public void Explore_IncrementsInASuppressedAsyncMethod_AreNotReported() =>
        AssertClean(Explorer.Explore(() => TwiceAsync(new Counters().IncrementInSuppressedAsyncMethod), Options()));

    [Fact]
    public void Explore_FieldsOfASuppressedType_AreNotReported() =>
        AssertClean(Explorer.Explore(() => Twice(new Statistics().Hit), Options()));

    [Fact]
    public void Explore_RaceNamedInTheSuppressionOption_IsNotReported()
    {
        var options = new ExplorationOptions
        {
            Seed = 1,
            Iterations = 20,
            Strategy = StrategyKind.Random,
            TraceDirectory = _traces,
            SuppressDataRacesOn = ["RaceSuppressionTests.Counters._plain"],
        };

        AssertClean(Explorer.Explore(() => Twice(new Counters().IncrementPlain), options));
    }

    [Fact]
    public void Validate_EmptySuppression_IsRejected()
    {
        var options = new ExplorationOptions { SuppressDataRacesOn = [""] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("Invalid ExplorationOptions:\nSuppressDataRacesOn must not be null or contain an empty entry.", error.Message);
    }

    private static void Twice(Action increment) =>
        Task.WaitAll(Task.Run(increment), Task.Run(increment));

    private static Task TwiceAsync(Func<Task> increment) =>
        Task.WhenAll(Task.Run(increment), Task.Run(increment));

    private static void AssertClean(ExplorationReport report) => Assert.True(report.IsClean, report.ToString());

    private ExplorationOptions Options() => new() { Seed = 1, Iterations = 20, Strategy = StrategyKind.Random, TraceDirectory = _traces };

    private sealed class Counters
    {
        private int _plain;

        [SuppressDataRace("An approximate statistic: a lost increment does not matter.")]
        private int _approximate;

        private int _inMethod;

        private int _inAsyncMethod;

        public int Total => _plain + _approximate + _inMethod + _inAsyncMethod;

        public void IncrementPlain() => _plain++;

        public void IncrementSuppressedField() => _approximate++;

        [SuppressDataRace("Updates a statistic that is read approximately.")]
        public void IncrementInSuppressedMethod() => _inMethod++;

        [SuppressDataRace("Updates a statistic that is read approximately.")]
        public async Task IncrementInSuppressedAsyncMethod()
        {
            await Task.Yield();
            _inAsyncMethod++;
        }
    }

    [SuppressDataRace("Hit counts are approximate by design.")]
    private sealed class Statistics
    {
        private int _hits;

        public int Hits => _hits;

        public void Hit() => _hits++;
    }
}
