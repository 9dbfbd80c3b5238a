using Weft.Cli;
using Weft.Exploration;

namespace Weft.Tests.Cli;

public sealed class TestMethodReplayerTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-cli-method-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Replay_TraceOfTestMethod_CallsTheMethodAndReproducesTheBug()
    {
        ReplayTarget.TraceDirectory = _traces;
        var found = Assert.Throws<BugFoundException>(ReplayTarget.LostUpdate);
        string trace = Assert.Single(found.Report.Bugs).TraceFile!;

        var (code, output, _) = CliRunner.Run("replay", trace);

        Assert.Equal(ExitCode.BugsFound, code);
        Assert.Contains($"{typeof(ReplayTarget).FullName}.{nameof(ReplayTarget.LostUpdate)}: reproduced [assertion-failure] count was 1, expected 2.",
            output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_traces));
        Assert.Null(ReplayRequest.Current);
    }

    /// <summary>A test method as a user writes it: it explores and fails on the first bug.</summary>
    private static class ReplayTarget
    {
        public static string TraceDirectory { get; set; } = string.Empty;

        public static void LostUpdate() => Explorer.AssertNoBugs(
            LostUpdateAsync,
            // The lost update is also a data race, reported first with race detection; this replay is about the assertion.
            new ExplorationOptions { Seed = 1, Strategy = StrategyKind.Random, Iterations = 200, TraceDirectory = TraceDirectory, DetectDataRaces = false });

        private static async Task LostUpdateAsync()
        {
            var box = new int[1];
            async Task IncrementAsync()
            {
                int read = box[0];
                await Task.Yield();
                box[0] = read + 1;
            }

            await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));
            Check.Equal(2, box[0], "count");
        }
    }
}
