using System.Reflection;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Checking.Corpus;

/// <summary>
/// The race corpus: every program in <see cref="RacyPrograms"/> is reported as a data race, and every program in
/// <see cref="RaceFreePrograms"/> explores clean.
/// </summary>
public sealed class RaceCorpusTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-race-corpus-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    public static IEnumerable<TheoryDataRow<string>> Racy() => Rows(typeof(RacyPrograms));

    public static IEnumerable<TheoryDataRow<string>> RaceFree() => Rows(typeof(RaceFreePrograms));

    [Theory]
    [MemberData(nameof(Racy))]
    public void Explore_RacyProgram_ReportsDataRace(string program)
    {
        var report = Explore(typeof(RacyPrograms), program);

        Assert.True(report.Bugs.Any(b => b.Kind == BugKind.DataRace), report.ToString());
    }

    [Theory]
    [MemberData(nameof(RaceFree))]
    public void Explore_RaceFreeProgram_IsClean(string program)
    {
        var report = Explore(typeof(RaceFreePrograms), program);

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(Iterations, report.Iterations);
    }

    [Theory]
    [InlineData(nameof(RacyPrograms.TwoTaskRunsIncrementStaticAsync), "RacyPrograms.s_total")]
    [InlineData(nameof(RacyPrograms.TaskRunAndParentBothWriteAsync), "Box.Value")]
    [InlineData(nameof(RacyPrograms.WhenAnyThenReadBothWritersFieldsAsync), "Box.")]
    [InlineData(nameof(RacyPrograms.PlainFlagPublicationAsync), "Box.Ready")]
    public void Explore_RacyProgram_MessageNamesTheField(string program, string field)
    {
        var report = Explore(typeof(RacyPrograms), program);

        var bug = report.Bugs.First(b => b.Kind == BugKind.DataRace);
        Assert.StartsWith($"Data race on {typeof(Box).Namespace}.{field}", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_RacyProgramWritingOneArrayElement_MessageNamesTheElement()
    {
        var report = Explore(typeof(RacyPrograms), nameof(RacyPrograms.TwoTaskRunsWriteOneArrayElementAsync));

        var bug = report.Bugs.First(b => b.Kind == BugKind.DataRace);
        Assert.StartsWith("Data race on element [1] of System.Boolean[]: write at ", bug.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RacyPrograms.ParallelInvokeActionsWriteOneField), "Parallel.Invoke at RacyPrograms.cs:")]
    [InlineData(nameof(RacyPrograms.ParallelForIncrementsSharedStatic), "Parallel.For at RacyPrograms.cs:")]
    [InlineData(nameof(RacyPrograms.ParallelForEachAddsToSharedField), "Parallel.ForEach at RacyPrograms.cs:")]
    public void Explore_RacyParallelLoop_MessageNamesTheLoopsSite(string program, string spawnSite)
    {
        var report = Explore(typeof(RacyPrograms), program);

        var bug = report.Bugs.First(b => b.Kind == BugKind.DataRace);
        Assert.Contains($"(in {spawnSite}", bug.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RacyPrograms.TwoTaskRunsIncrementStaticAsync))]
    [InlineData(nameof(RacyPrograms.AsyncMethodCalledTwiceWithoutAwaitingAsync))]
    [InlineData(nameof(RacyPrograms.ThreadWritesWhileParentReads))]
    [InlineData(nameof(RacyPrograms.SemaphoreReleasedBeforeTheWriteAsync))]
    [InlineData(nameof(RacyPrograms.VolatileWriteBeforeTheDataAsync))]
    public void Replay_TraceOfARacyProgram_ReproducesTheSameRace(string program)
    {
        var bug = Explore(typeof(RacyPrograms), program).Bugs.First(b => b.Kind == BugKind.DataRace);

        var method = typeof(RacyPrograms).GetMethod(program, BindingFlags.Public | BindingFlags.Static)!;
        var replay = method.ReturnType == typeof(void)
            ? Explorer.Replay(bug.TraceFile!, method.CreateDelegate<Action>(), program)
            : Explorer.Replay(bug.TraceFile!, method.CreateDelegate<Func<Task>>(), program);

        Assert.True(replay.Reproduced, replay.ToString());
        Assert.Equal(BugKind.DataRace, replay.Actual!.Kind);
        Assert.Equal(bug.Message, replay.Actual.Message);
    }

    private const int Iterations = 20;

    private ExplorationReport Explore(Type programs, string program)
    {
        var method = programs.GetMethod(program, BindingFlags.Public | BindingFlags.Static)!;
        var options = new ExplorationOptions { Seed = 1, Iterations = Iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
        return method.ReturnType == typeof(void)
            ? Explorer.Explore(method.CreateDelegate<Action>(), options, program)
            : Explorer.Explore(method.CreateDelegate<Func<Task>>(), options, program);
    }

    private static IEnumerable<TheoryDataRow<string>> Rows(Type programs) =>
        programs.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .OrderBy(m => m.MetadataToken)
            .Select(m => new TheoryDataRow<string>(m.Name)
            {
                Skip = m.GetCustomAttribute<KnownGapAttribute>() is { } gap ? "Known gap: " + gap.Reason : null,
            });
}
