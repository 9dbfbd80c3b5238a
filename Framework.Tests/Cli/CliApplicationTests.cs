using System.Text.Json.Nodes;
using Weft.Cli;
using Weft.Exploration;
using Weft.Reporting;
using Weft.Scenarios;

namespace Weft.Tests.Cli;

public sealed class CliApplicationTests
{
    private const string BuggyCounter = "atomics/counter-read-await-write";

    [Fact]
    public void Help_Root_ExitsZeroAndListsEveryExitCode()
    {
        var (code, output, error) = CliRunner.Run("--help");

        Assert.Equal(ExitCode.Success, code);
        Assert.Empty(error);
        Assert.Contains("Usage:\n  weft [command] [options]", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (var exitCode in Enum.GetValues<ExitCode>())
        {
            Assert.Matches($@"(?m)^\s+{(int)exitCode}  \S", output);
        }
    }

    [Fact]
    public void Version_Root_ExitsZero()
    {
        var (code, output, _) = CliRunner.Run("--version");

        Assert.Equal(ExitCode.Success, code);
        Assert.StartsWith(TraceFile.CurrentWeftVersion, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoCommand_ExitsTwoNamingTheVerbs()
    {
        var (code, output, error) = CliRunner.Run();

        Assert.Equal(ExitCode.UsageError, code);
        Assert.Empty(output);
        Assert.Equal("weft: error: missing command: list, explore, replay (see 'weft --help').\n", error.ReplaceLineEndings("\n"));
    }

    public sealed class List
    {
        [Fact]
        public void List_Default_PrintsTableOfEveryScenario()
        {
            var (code, output, error) = CliRunner.Run("list");

            Assert.Equal(ExitCode.Success, code);
            Assert.Empty(error);
            Assert.DoesNotContain('\u001b', output);
            foreach (var scenario in ScenarioAssembly.Catalog.Scenarios)
            {
                Assert.Contains(scenario.Id, output, StringComparison.Ordinal);
                Assert.Contains(scenario.Description, output, StringComparison.Ordinal);
            }

            Assert.Contains("assertion-failure", output, StringComparison.Ordinal);
            Assert.Contains($"{ScenarioAssembly.Catalog.Scenarios.Count} scenario(s).", output, StringComparison.Ordinal);
        }

        [Fact]
        public void List_Json_PrintsVersionedDocumentWithoutColour()
        {
            var (code, output, error) = CliRunner.Run("list", "--json");

            Assert.Equal(ExitCode.Success, code);
            Assert.Empty(error);
            var document = Assert.IsType<JsonObject>(JsonNode.Parse(output));
            Assert.Equal(1, (int)document["formatVersion"]!);
            var scenarios = document["scenarios"]!.AsArray();
            Assert.Equal(ScenarioAssembly.Catalog.Scenarios.Select(s => s.Id), scenarios.Select(s => (string)s!["id"]!));
            var buggy = scenarios.Single(s => (string)s!["id"]! == BuggyCounter)!;
            Assert.Equal("atomics", (string)buggy["topic"]!);
            Assert.Equal("buggy", (string)buggy["variant"]!);
            Assert.Equal("assertion-failure", (string)buggy["expected"]!);
            Assert.False(string.IsNullOrWhiteSpace((string)buggy["description"]!));
        }
    }

    public sealed class Explore : IDisposable
    {
        private readonly string _traces = Directory.CreateTempSubdirectory("weft-cli-tests-").FullName;

        public void Dispose() => Directory.Delete(_traces, recursive: true);

        [Fact]
        public void Explore_ReadAwaitWriteCounter_ExitsOneAndReplayReproducesTheBug()
        {
            var (code, output, _) = CliRunner.Run("explore", BuggyCounter, "--seed", "1", "--strategy", "random", "--out", _traces);

            Assert.Equal(ExitCode.BugsFound, code);
            Assert.Contains("(strategy random, seed 1)", output, StringComparison.Ordinal);
            Assert.Contains("[assertion-failure]", output, StringComparison.Ordinal);
            Assert.Contains("count was 1, expected 2.", output, StringComparison.Ordinal);
            string trace = Assert.Single(Directory.GetFiles(_traces, "*" + TraceFile.Extension));
            Assert.Contains($"    trace:  {trace}", output, StringComparison.Ordinal);
            Assert.Contains($"    replay: weft replay {trace}", output, StringComparison.Ordinal);

            var replay = CliRunner.Run("replay", trace);

            Assert.Equal(ExitCode.BugsFound, replay.Code);
            Assert.Contains($"{BuggyCounter}: reproduced [assertion-failure] count was 1, expected 2.", replay.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("weft: error", replay.Err, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("atomics/counter")]
        [InlineData("lock-sharding/transfer")]
        public void Explore_CorrectScenario_ExitsZeroWithoutTraces(string id)
        {
            var (code, output, _) = CliRunner.Run("explore", id, "--seed", "1", "--strategy", "random", "--out", _traces);

            Assert.Equal(ExitCode.Success, code);
            Assert.Contains($"{id}: 0 bug(s) in 100 iteration(s)", output, StringComparison.Ordinal);
            Assert.Contains("(strategy random, seed 1)", output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_traces));
        }

        [Fact]
        public void Explore_CtrlCPressed_StopsAfterTheRunningIterationAndExits130()
        {
            var (code, output, error) = CliRunner.RunCancelled("explore", BuggyCounter, "--seed", "1", "--strategy", "random", "--out", _traces);

            Assert.Equal(ExitCode.Cancelled, code);
            Assert.Contains("cancelled after", error, StringComparison.Ordinal);
            Assert.DoesNotContain("weft: error", error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_traces));
            Assert.DoesNotContain("[assertion-failure]", output, StringComparison.Ordinal);
        }

        [Fact]
        public void Explore_NoRaceDetection_FindsThePlainIncrementTwinClean()
        {
            var withRaces = CliRunner.Run("explore", "atomics/counter-plain-increment", "--seed", "1", "--strategy", "random", "--out", _traces);
            var withoutRaces = CliRunner.Run("explore", "atomics/counter-plain-increment", "--seed", "1", "--strategy", "random", "--out", _traces, "--no-race-detection");

            Assert.Equal(ExitCode.BugsFound, withRaces.Code);
            Assert.Contains("[data-race]", withRaces.Out, StringComparison.Ordinal);
            Assert.Equal(ExitCode.Success, withoutRaces.Code);
        }

        [Fact]
        public void Explore_CheckDeclaredOverCorrectAndBuggyTwins_ExitsZeroWhenEachFindsWhatItDeclares()
        {
            var (code, _, error) = CliRunner.Run(
                "explore", "atomics/counter", BuggyCounter, "lock-sharding/transfer-lock-order-deadlock", "--seed", "1", "--strategy", "random", "--out", _traces, "--check-declared");

            Assert.Equal(ExitCode.Success, code);
            Assert.Contains("every scenario found what it declares.", error, StringComparison.Ordinal);
        }

        [Fact]
        public void Explore_CheckDeclaredWhenATwinIsNotFound_ExitsOneAndNamesIt()
        {
            var (code, _, error) = CliRunner.Run(
                "explore", "atomics/counter-plain-increment", "--seed", "1", "--strategy", "random", "--out", _traces, "--check-declared", "--no-race-detection");

            Assert.Equal(ExitCode.BugsFound, code);
            Assert.Contains("1 scenario(s) did not find what they declare: atomics/counter-plain-increment.", error, StringComparison.Ordinal);
        }

        [Fact]
        public void Explore_NoLeakDetection_FindsTheLeakingProducerClean()
        {
            var (code, _, _) = CliRunner.Run(
                "explore", "task-leaks/bounded-producer-ignores-cancellation", "--seed", "1", "--strategy", "random", "--out", _traces, "--no-leak-detection");

            Assert.Equal(ExitCode.Success, code);
        }

        [Fact]
        public void Explore_LockOrderDeadlock_ExitsOneWithKindDeadlock()
        {
            var (code, output, _) = CliRunner.Run(
                "explore", "lock-sharding/transfer-lock-order-deadlock", "--seed", "1", "--strategy", "random", "--out", _traces);

            Assert.Equal(ExitCode.BugsFound, code);
            Assert.Contains("  [deadlock] iteration ", output, StringComparison.Ordinal);
            Assert.Contains("  expected: deadlock, found: deadlock", output, StringComparison.Ordinal);
        }

        [Fact]
        public void Explore_SeveralScenarios_PrintsSummaryTableAndExitsOne()
        {
            var (code, output, error) = CliRunner.Run(
                "explore", "atomics/counter", BuggyCounter, "--seed", "1", "--strategy", "random", "--iterations", "20", "--out", _traces);

            Assert.Equal(ExitCode.BugsFound, code);
            Assert.Contains("First bug at iteration", output, StringComparison.Ordinal);
            Assert.Contains("2 scenario(s) explored, 1 with bugs (strategy random, seed 1).", output, StringComparison.Ordinal);
            Assert.Contains("exploring atomics/counter (1/2)...", error, StringComparison.Ordinal);
            Assert.DoesNotContain("exploring", output, StringComparison.Ordinal);
        }

        [Fact]
        public void Explore_JsonFormat_PrintsVersionedDocumentOnly()
        {
            var (code, output, _) = CliRunner.Run(
                "explore", BuggyCounter, "--seed", "1", "--strategy", "random", "--out", _traces, "--format", "json");

            Assert.Equal(ExitCode.BugsFound, code);
            var document = Assert.IsType<JsonObject>(JsonNode.Parse(output));
            Assert.Equal(1, (int)document["formatVersion"]!);
            Assert.Equal("random", (string)document["strategy"]!);
            Assert.Equal(1u, (uint)document["seed"]!);
            var result = Assert.Single(document["results"]!.AsArray())!;
            Assert.Equal(BuggyCounter, (string)result["scenario"]!);
            var bug = Assert.Single(result["bugs"]!.AsArray())!;
            Assert.Equal(BugKindNames.Of(BugKind.AssertionFailure), (string)bug["kind"]!);
            Assert.Equal("count was 1, expected 2.", (string)bug["message"]!);
            string trace = Assert.Single(Directory.GetFiles(_traces));
            Assert.Equal(trace, (string)bug["traceFile"]!);
            Assert.Equal($"weft replay {trace}", (string)bug["replayCommand"]!);
        }

        [Fact]
        public void Explore_NoColorEnvironment_PrintsNoEscapeCodes()
        {
            var (code, output, _) = CliRunner.Run(
                name => name == "NO_COLOR" ? "1" : null,
                "explore", "atomics/counter", "lock-sharding/transfer", "--iterations", "5", "--out", _traces);

            Assert.Equal(ExitCode.Success, code);
            Assert.DoesNotContain('\u001b', output);
        }
    }

    public sealed class ScenarioIds
    {
        [Fact]
        public void Explore_UnknownScenario_ExitsTwoWithDidYouMean()
        {
            AssertUsageError(
                "weft: error: unknown scenario 'atomics/countr'; did you mean 'atomics/counter'?",
                "explore", "atomics/countr");
        }

        [Fact]
        public void Explore_NoScenario_ExitsTwo()
        {
            AssertUsageError(
                "weft: error: explore needs at least one scenario id, or --all; 'weft list' shows every scenario.",
                "explore");
        }

        [Fact]
        public void Explore_IdsAndAll_ExitsTwo()
        {
            AssertUsageError("weft: error: give scenario ids or --all, not both.", "explore", "--all", "atomics/counter");
        }
    }

    public sealed class IterationsOption
    {
        [Fact]
        public void Explore_IterationsZero_ExitsTwoWithTheLibrarysRule()
        {
            AssertUsageError("weft: error: --iterations must be at least 1 (was 0).", "explore", "atomics/counter", "--iterations", "0");
        }

        [Fact]
        public void Explore_IterationsNotANumber_ExitsTwo()
        {
            AssertUsageError("weft: error: --iterations must be a whole number (was 'abc').", "explore", "atomics/counter", "--iterations", "abc");
        }

        [Fact]
        public void Explore_SeveralInvalidOptions_ReportsEveryProblemOnOneLine()
        {
            AssertUsageError(
                "weft: error: --iterations must be at least 1 (was 0). "
                + "--strategy-bound applies only to the probabilistic, pct and fair-pct strategies (was 3 with strategy random). "
                + "--max-bugs must be at least 1 (was 0).",
                "explore", "atomics/counter", "--iterations", "0", "--max-bugs", "0", "--strategy", "random", "--strategy-bound", "3");
        }
    }

    public sealed class StrategyOption
    {
        [Fact]
        public void Explore_UnknownStrategy_ExitsTwoListingTheAllowedNames()
        {
            AssertUsageError(
                "weft: error: --strategy must be one of portfolio, random, probabilistic, pct, fair-pct (was 'bogus').",
                "explore", "atomics/counter", "--strategy", "bogus");
        }
    }

    public sealed class TimeBudgetOption
    {
        [Fact]
        public void Explore_TimeBudgetNotADuration_ExitsTwoListingTheForms()
        {
            AssertUsageError(
                "weft: error: --time-budget must be a duration such as 250ms, 30s, 5m, 1h or hh:mm:ss (was 'abc').",
                "explore", "atomics/counter", "--time-budget", "abc");
        }

        [Fact]
        public void Explore_TimeBudgetZero_ExitsTwoWithTheLibrarysRule()
        {
            AssertUsageError(
                "weft: error: --time-budget must be positive (was 00:00:00).",
                "explore", "atomics/counter", "--time-budget", "0s");
        }
    }

    public sealed class FormatOption
    {
        [Fact]
        public void Explore_UnknownFormat_ExitsTwoListingTheAllowedNames()
        {
            AssertUsageError(
                "weft: error: --format must be one of text, json (was 'xml').",
                "explore", "atomics/counter", "--format", "xml");
        }
    }

    public sealed class UnknownOptions
    {
        [Fact]
        public void Explore_UnknownOption_ExitsTwo()
        {
            AssertUsageError(
                "weft: error: unknown option '--bogus' for 'weft explore'; see 'weft explore --help'.",
                "explore", "atomics/counter", "--bogus");
        }

        [Fact]
        public void Explore_MisspelledOption_ExitsTwoWithDidYouMean()
        {
            AssertUsageError(
                "weft: error: unknown option '--iteration' for 'weft explore'; did you mean '--iterations'?",
                "explore", "atomics/counter", "--iteration", "5");
        }

        [Fact]
        public void List_UnknownOption_ExitsTwoWithDidYouMean()
        {
            AssertUsageError("weft: error: unknown option '--jsn' for 'weft list'; did you mean '--json'?", "list", "--jsn");
        }

        [Fact]
        public void Root_UnknownOption_ExitsTwo()
        {
            AssertUsageError("weft: error: unknown option '--bogus' for 'weft'; see 'weft --help'.", "--bogus");
        }
    }

    public sealed class Replay : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("weft-cli-replay-tests-").FullName;

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void Replay_MissingFile_ExitsTwo()
        {
            string path = Path.Combine(_folder, "missing" + TraceFile.Extension);

            AssertUsageError($"weft: error: trace file '{path}' does not exist.", "replay", path);
        }

        [Fact]
        public void Replay_CorruptJson_ExitsTwo()
        {
            string path = Path.Combine(_folder, "corrupt" + TraceFile.Extension);
            File.WriteAllText(path, "{ not json");

            AssertUsageError(
                $"weft: error: trace file '{path}' is not valid JSON ('n' is an invalid start of a property name. Expected a '\"'. LineNumber: 0 | BytePositionInLine: 2)",
                "replay", path);
        }

        [Fact]
        public void Replay_NewerFormatVersion_ExitsTwo()
        {
            string path = EditedTrace(trace => trace["formatVersion"] = 99);

            AssertUsageError(
                $"weft: error: trace file '{path}' has format version 99; this Weft ({TraceFile.CurrentWeftVersion}) reads version 1 and older.",
                "replay", path);
        }

        [Fact]
        public void Replay_TraceOfUnknownScenario_ExitsTwo()
        {
            string path = EditedTrace(trace => trace["test"]!["scenario"] = "atomics/no-such-scenario");

            AssertUsageError(
                $"weft: error: trace file '{path}' was recorded for an unknown scenario 'atomics/no-such-scenario'; 'weft list' shows every scenario.",
                "replay", path);
        }

        [Fact]
        public void Replay_TraceMovedToACorrectScenario_ExitsFourNotReproduced()
        {
            string path = EditedTrace(trace => trace["test"]!["scenario"] = "atomics/counter");

            var (code, output, error) = CliRunner.Run("replay", path);

            Assert.Equal(ExitCode.NotReproduced, code);
            Assert.Contains("atomics/counter: did not reproduce [assertion-failure] count was 1, expected 2.", output, StringComparison.Ordinal);
            Assert.DoesNotContain("weft: error", error, StringComparison.Ordinal);
        }

        [Fact]
        public void Replay_NoTraceArgument_ExitsTwo()
        {
            AssertUsageError("weft: error: Required argument missing for command: 'replay'.", "replay");
        }

        /// <summary>Records a real trace of the buggy counter, applies <paramref name="edit"/> to its JSON and saves it beside.</summary>
        private string EditedTrace(Action<JsonObject> edit)
        {
            Assert.True(ScenarioAssembly.Catalog.TryFind(BuggyCounter, out var scenario));
            var report = scenario.Explore(new ExplorationOptions { Seed = 1, Strategy = StrategyKind.Random, TraceDirectory = _folder }, TestContext.Current.CancellationToken);
            var trace = JsonNode.Parse(File.ReadAllText(Assert.Single(report.Bugs).TraceFile!))!.AsObject();
            edit(trace);
            string path = Path.Combine(_folder, "edited" + TraceFile.Extension);
            File.WriteAllText(path, trace.ToJsonString());
            return path;
        }
    }

    private static void AssertUsageError(string expectedLine, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);

        Assert.Equal(ExitCode.UsageError, code);
        Assert.Empty(output);
        Assert.Equal(expectedLine + "\n", error.ReplaceLineEndings("\n"));
    }
}
