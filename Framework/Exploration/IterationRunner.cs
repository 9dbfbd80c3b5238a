using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Weft.Checking;
using Weft.Instrumentation;
using Weft.Models;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The delegate the scheduler runs once per iteration: runs the test under a fresh <see cref="IterationState"/>,
/// then the completion checks, and records how the iteration failed.</summary>
/// <remarks>Used by one engine run at a time; the scheduler runs one iteration at a time, so the fields need no lock.
/// With <see cref="ResolvedOptions.DetectDataRaces"/>, each iteration has a <see cref="RaceDetector"/> in its state, which
/// reports each race as a failure of kind <see cref="BugKind.DataRace"/> at the racing access.</remarks>
/// <param name="test">The test.</param>
/// <param name="options">The options of the exploration or replay.</param>
internal sealed class IterationRunner(TestBody test, ResolvedOptions options)
{
    private readonly LeakDetector? _leaks = options.DetectLeakedTasks ? new LeakDetector(options.IgnoreLeakedTasksIn) : null;

    /// <summary>The spinning loops of the iteration started last; created by <see cref="Run"/> before the test runs, so that
    /// reading it after the iteration stopped never touches the iteration's state.</summary>
    private SpinLog? _spins;

    /// <summary>The leaks seen by the last look at what was pending after the test returned.</summary>
    private LeakSnapshot _pendingLeaks = LeakSnapshot.None;

    /// <summary>How the current iteration failed, if Weft failed it; reset at the start of each iteration.</summary>
    public IterationFailure? Failure { get; private set; }

    /// <summary>The loop that was being preempted for spinning when the current iteration stopped, if any.</summary>
    public string? SpinningLoop => _spins?.Spinning;

    /// <summary>The 0-based index (within this engine run) of the iteration started last.</summary>
    public int CurrentIteration { get; private set; } = -1;

    /// <summary>The number of iterations that finished.</summary>
    public int CompletedIterations { get; private set; }

    public void OnIterationStarted(uint iteration)
    {
        CurrentIteration = (int)iteration;
        Failure = null;
        _spins = null;
        _pendingLeaks = LeakSnapshot.None;
    }

    /// <summary>The failure a scheduler deadlock stands for when the test had returned and only leaked tasks were left:
    /// the test's root waited for them to finish, and nobody could make them.</summary>
    public IterationFailure? LeakBehindDeadlock(string schedulerReport) =>
        !_pendingLeaks.IsEmpty && BugClassifier.FromSchedulerReport(schedulerReport).Kind == Reporting.BugKind.Deadlock
            ? LeakDetector.Describe(_pendingLeaks)
            : null;

    public void OnIterationEnded() => CompletedIterations++;

    public void Run()
    {
        var state = new IterationState(Fail);
        _spins = state.Get(() => new SpinLog((long)options.MaxSteps * LoopHooks.CheckInterval, options.ReportStepBoundAsHang));
        IterationState.Enter(state);
        var detector = options.DetectDataRaces ? state.Get(() => new RaceDetector(race => OnRace(state, race, options.SuppressDataRacesOn))) : null;
        if (detector is not null)
        {
            RaceHooks.Begin(detector);
        }

        try
        {
            try
            {
                test.Run();
            }
            catch (Exception ex) when (!BugClassifier.IsSchedulerException(ex))
            {
                Fail(BugClassifier.FromException(ex));
            }

            state.CompleteTest();

            // Tasks still running after the test returned are checked for races too, until they finish.
            WaitForPendingTasks(state);
            if (Failure is { } recorded)
            {
                // A failure recorded on an uncontrolled thread: report it now, on the root.
                Specification.Assert(false, "{0}", recorded.Message);
            }
        }
        finally
        {
            if (detector is not null)
            {
                RaceHooks.End(detector);
            }
        }
    }

    /// <summary>Lets every task that can still run finish. If some never can, every operation ends up paused and the
    /// scheduler reports a deadlock, which <see cref="LeakBehindDeadlock"/> turns into a leak report.</summary>
    private void WaitForPendingTasks(IterationState state)
    {
        if (_leaks is not { } leaks)
        {
            return;
        }

        state.BeginDraining(leaks);
        var ledger = state.Get(static () => new TaskLedger());
        Operation.PauseUntil(() =>
        {
            _pendingLeaks = leaks.Leaks(ledger.PendingStarts(), ledger.PendingWaits(), CoyoteOperations.PendingExceptRoot());
            return _pendingLeaks.IsEmpty;
        });
    }

    private static void OnRace(IterationState state, RaceReport race, IReadOnlyList<string> suppressions)
    {
        string message = race.Message;
        if (suppressions.Any(suppression => message.Contains(suppression, StringComparison.Ordinal)))
        {
            return;
        }

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
        if (!CoyoteControl.IsOperationThread)
        {
            // On a thread the scheduler does not run (uncontrolled continuations, say), stopping the iteration would
            // throw its interruption into code that cannot handle it and end the process. The root reports the
            // recorded failure when the test returns instead.
            return;
        }

        Specification.Assert(false, "{0}", failure.Message);
    }
}
