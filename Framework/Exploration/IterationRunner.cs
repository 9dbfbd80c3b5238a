using Microsoft.Coyote.Specifications;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The delegate the scheduler runs once per iteration: runs the test and records how it failed.</summary>
/// <remarks>Used by one engine run at a time; the scheduler runs one iteration at a time, so the fields need no lock.</remarks>
internal sealed class IterationRunner(TestBody test)
{
    /// <summary>How the current iteration failed, if the test itself threw; reset at the start of each iteration.</summary>
    public (BugKind Kind, string Message, string Details)? Failure { get; private set; }

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
        try
        {
            test.Run();
        }
        catch (Exception ex) when (!BugClassifier.IsSchedulerException(ex))
        {
            var failure = BugClassifier.FromException(ex);
            Failure = failure;

            // Hands the failure to the scheduler, which stops the iteration and records its schedule.
            Specification.Assert(false, failure.Message);
        }
    }
}
