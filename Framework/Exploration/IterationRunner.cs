using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Weft.Checking;

namespace Weft.Exploration;

/// <summary>The delegate the scheduler runs once per iteration: runs the test under a fresh <see cref="IterationState"/>,
/// then the completion checks, and records how the iteration failed.</summary>
/// <remarks>Used by one engine run at a time; the scheduler runs one iteration at a time, so the fields need no lock.</remarks>
internal sealed class IterationRunner(TestBody test, ResolvedOptions options)
{
    private readonly LeakDetector? _leaks = options.DetectLeakedTasks ? new LeakDetector(options.IgnoreLeakedTasksIn) : null;

    /// <summary>The leaks seen by the last look at what was pending after the test returned.</summary>
    private LeakSnapshot _pendingLeaks = LeakSnapshot.None;

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
        IterationState.Enter(state);
        try
        {
            test.Run();
        }
        catch (Exception ex) when (!BugClassifier.IsSchedulerException(ex))
        {
            Fail(BugClassifier.FromException(ex));
        }

        state.CompleteTest();
        WaitForPendingTasks();
    }

    /// <summary>Lets every task that can still run finish. If some never can, every operation ends up paused and the
    /// scheduler reports a deadlock, which <see cref="LeakBehindDeadlock"/> turns into a leak report.</summary>
    private void WaitForPendingTasks()
    {
        if (_leaks is not { } leaks)
        {
            return;
        }

        var ledger = IterationState.Current?.Get(static () => new TaskLedger()) ?? new TaskLedger();
        Operation.PauseUntil(() =>
        {
            _pendingLeaks = leaks.Leaks(ledger.PendingStarts(), ledger.PendingWaits(), CoyoteOperations.PendingExceptRoot());
            return _pendingLeaks.IsEmpty;
        });
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
