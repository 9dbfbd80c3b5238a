using System.Runtime.CompilerServices;
using Weft.Exploration;

namespace Weft;

/// <summary>Explores a concurrent test under a controlled scheduler across many interleavings, and replays found bugs.</summary>
/// <remarks>
/// <para>The test's assembly (and the code it tests) must have been rewritten by Weft's build step, which a project that
/// references Weft gets automatically. Each iteration runs the test once under one interleaving chosen by the strategy
/// and seed in <see cref="ExplorationOptions"/>; every bug comes with a trace file that <see cref="Replay(string, Func{Task}, string)"/>
/// or <c>weft replay</c> re-runs exactly.</para>
/// <para><b>Thread safety:</b> every method is safe to call concurrently; each call explores independently.</para>
/// <para><b>Happens-before:</b> each iteration starts after everything before the call and ends before the call returns.</para>
/// </remarks>
/// <seealso cref="Check"/>
public static class Explorer
{
    /// <summary>Explores an asynchronous test.</summary>
    /// <param name="test">The test; it runs once per iteration and must not depend on state left by earlier iterations.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="testName">The test's name in trace files; defaults to the calling method.</param>
    /// <returns>The report, with every bug found and its trace file.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">The test's assembly was not rewritten by Weft's build step.</exception>
    public static ExplorationReport Explore(Func<Task> test, ExplorationOptions? options = null, [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        return Explore(TestIdentity.ForDelegate(test, testName), new TestBody(test), options);
    }

    /// <summary>Explores a synchronous test.</summary>
    /// <inheritdoc cref="Explore(Func{Task}, ExplorationOptions?, string)"/>
    public static ExplorationReport Explore(Action test, ExplorationOptions? options = null, [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        return Explore(TestIdentity.ForDelegate(test, testName), new TestBody(test), options);
    }

    /// <summary>Explores an asynchronous test under an explicit identity, such as a catalog scenario's.</summary>
    /// <param name="identity">The name recorded in trace files.</param>
    /// <param name="test">The test; it runs once per iteration and must not depend on state left by earlier iterations.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The report, with every bug found and its trace file.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public static ExplorationReport Explore(TestIdentity identity, Func<Task> test, ExplorationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(test);
        return Explore(identity, new TestBody(test), options);
    }

    /// <summary>Explores an asynchronous test and fails the calling test, in any test framework, if a bug is found.</summary>
    /// <inheritdoc cref="Explore(Func{Task}, ExplorationOptions?, string)"/>
    /// <exception cref="BugFoundException">A bug was found; the message is the report with each trace file and replay command.</exception>
    public static void AssertNoBugs(Func<Task> test, ExplorationOptions? options = null, [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        ThrowIfBugs(Explore(TestIdentity.ForDelegate(test, testName), new TestBody(test), options));
    }

    /// <summary>Explores a synchronous test and fails the calling test, in any test framework, if a bug is found.</summary>
    /// <inheritdoc cref="AssertNoBugs(Func{Task}, ExplorationOptions?, string)"/>
    public static void AssertNoBugs(Action test, ExplorationOptions? options = null, [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        ThrowIfBugs(Explore(TestIdentity.ForDelegate(test, testName), new TestBody(test), options));
    }

    /// <summary>Replays a trace file against an asynchronous test.</summary>
    /// <param name="traceFile">The trace file a previous exploration wrote.</param>
    /// <param name="test">The same test that recorded the trace.</param>
    /// <param name="testName">The test's name; defaults to the calling method and must match the trace's.</param>
    /// <returns>Whether the recorded bug came back.</returns>
    /// <exception cref="TraceFileException">The file is missing, corrupt, of a newer format, or recorded for another test.</exception>
    public static ReplayResult Replay(string traceFile, Func<Task> test, [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        return ExplorationLoop.Replay(TraceFile.Load(traceFile), TestIdentity.ForDelegate(test, testName), new TestBody(test));
    }

    /// <summary>Replays a trace file against a synchronous test.</summary>
    /// <inheritdoc cref="Replay(string, Func{Task}, string)"/>
    public static ReplayResult Replay(string traceFile, Action test, [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        return ExplorationLoop.Replay(TraceFile.Load(traceFile), TestIdentity.ForDelegate(test, testName), new TestBody(test));
    }

    /// <summary>Replays a trace file against an asynchronous test under an explicit identity.</summary>
    /// <param name="traceFile">The trace file a previous exploration wrote.</param>
    /// <param name="identity">The identity the trace must have been recorded for.</param>
    /// <param name="test">The same test that recorded the trace.</param>
    /// <returns>Whether the recorded bug came back.</returns>
    /// <exception cref="TraceFileException">The file is missing, corrupt, of a newer format, or recorded for another test.</exception>
    public static ReplayResult Replay(string traceFile, TestIdentity identity, Func<Task> test)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(test);
        return ExplorationLoop.Replay(TraceFile.Load(traceFile), identity, new TestBody(test));
    }

    /// <summary>Explores <paramref name="test"/>, or replays a trace instead when the command line asked for it.</summary>
    /// <remarks>A catalog scenario may turn race detection off (<see cref="Catalog.ScenarioAttribute.DetectDataRaces"/>).</remarks>
    internal static ExplorationReport Explore(
        TestIdentity identity, TestBody test, ExplorationOptions? options, CancellationToken cancellation = default, bool detectDataRaces = true)
    {
        var replay = ReplayRequest.Current;
        if (replay is null)
        {
            return ExplorationLoop.Explore(identity, test, options, cancellation, detectDataRaces);
        }

        // The command line is replaying a trace of this test: run the recorded schedule instead of exploring.
        replay.Result = ExplorationLoop.Replay(TraceFile.Load(replay.TraceFile), identity, test);
        var bugs = replay.Result.Actual is { } bug ? new[] { bug } : [];
        return new ExplorationReport(identity, replay.Result.Trace.Strategy, 0, replay.Result.Trace.IterationSeed, 1, TimeSpan.Zero, bugs);
    }

    private static void ThrowIfBugs(ExplorationReport report)
    {
        if (!report.IsClean)
        {
            throw new BugFoundException(report);
        }
    }
}
