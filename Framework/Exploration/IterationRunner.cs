using Microsoft.Coyote.Specifications;
using Weft.Checking;
using Weft.Instrumentation;
using Weft.Models;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The delegate the scheduler runs once per iteration: runs the test under a fresh <see cref="IterationState"/>,
/// then the completion checks, and records how the iteration failed.</summary>
/// <remarks>Used by one engine run at a time; the scheduler runs one iteration at a time, so the fields need no lock.
/// With <paramref name="detectDataRaces"/>, each iteration has a <see cref="RaceDetector"/> in its state, which reports
/// each race as a failure of kind <see cref="BugKind.DataRace"/> at the racing access.</remarks>
/// <param name="test">The test.</param>
/// <param name="detectDataRaces">Whether data races are bugs.</param>
internal sealed class IterationRunner(TestBody test, bool detectDataRaces)
{
    /// <summary>How the current iteration failed, if Weft failed it; reset at the start of each iteration.</summary>
    public IterationFailure? Failure { get; private set; }

    /// <summary>The 0-based index (within this engine run) of the iteration started last.</summary>
    public int CurrentIteration { get; private set; } = -1;

    /// <summary>The number of iterations that finished.</summary>
    public int CompletedIterations { get; private set; }

    public void OnIterationStarted(uint iteration)
    {
        CurrentIteration = (int)iteration;
        Failure = null;
    }

    public void OnIterationEnded() => CompletedIterations++;

    public void Run()
    {
        var state = new IterationState(Fail);
        IterationState.Enter(state);
        var detector = detectDataRaces ? state.Get(() => new RaceDetector(race => OnRace(state, race))) : null;
        if (detector is not null)
        {
            RaceHooks.Begin(detector);
        }

        try
        {
            test.Run();
        }
        catch (Exception ex) when (!BugClassifier.IsSchedulerException(ex))
        {
            Fail(BugClassifier.FromException(ex));
        }
        finally
        {
            if (detector is not null)
            {
                RaceHooks.End(detector);
            }
        }

        state.CompleteTest();
    }

    private static void OnRace(IterationState state, RaceReport race)
    {
        // A thread that unwinds after the scheduler stopped the iteration (for another bug) must not replace that bug.
        if (CoyoteControl.IsIterationRunning)
        {
            state.Fail(BugKind.DataRace, race.Message, race.Details);
        }
    }

    /// <summary>Records the failure and hands it to the scheduler, which stops the iteration and records its schedule.</summary>
    private void Fail(IterationFailure failure)
    {
        // The first failure of an iteration is the one reported: a later one (say, from a check run while the
        // scheduler tears the iteration down) must not replace it.
        Failure ??= failure;
        Specification.Assert(false, failure.Message);
    }
}
