using System.ComponentModel;
using System.Globalization;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.Runtime;
using Weft.Checking;
using Weft.Exploration;
using Weft.Models;
using Weft.Reporting;
using Weft.Time;

namespace Weft.Instrumentation;

/// <summary>The call the build step inserts at every backward jump of instrumented code (the end of each loop iteration):
/// it lets the scheduler preempt a loop that runs on without reaching a scheduling point, such as a spin-wait, and reports
/// one that can never end as a hang.</summary>
/// <remarks>
/// <para>Not for direct use: the loop pass (<see cref="LoopPass"/>) emits these calls.</para>
/// <para><b>Why.</b> The scheduler runs one controlled operation at a time and switches only at scheduling points (task,
/// lock, <c>await</c>, <c>Volatile</c> and <c>Interlocked</c> operations). A loop with none of them, such as
/// <c>while (!_ready) { }</c> on a plain or <c>volatile</c> field, would hold the scheduler for ever: no other task runs,
/// so nobody sets the flag. Coyote 1.7.11 then reports a "potential deadlock or hang" only after its wall-clock deadlock
/// timeout, and cannot stop the spinning thread at all (it stops an iteration's threads by interrupting them, which a
/// thread that never blocks never notices), so every such iteration leaves a thread spinning until the process exits.</para>
/// <para><b>What it does.</b> Every <see cref="CheckInterval"/> backward jumps of a thread, the hook checks whether the
/// scheduler took a step since its last check. If it did, the loop reaches scheduling points of its own and is left
/// alone. If it did not, the loop is spinning. When another task could run, the hook makes a scheduling point (a yield), as
/// an operating system would preempt the thread: a spin-wait for something another task does then ends once that task
/// has run, and spinning loops that only wait for each other reach
/// <see cref="Exploration.ExplorationOptions.MaxSteps"/>, a hang reported with the loop's source line
/// (<see cref="SpinLog.Spinning"/>). When no other task could run (the task it waits for needs a lock the spinner holds,
/// say), a yield would change nothing, so none is made and no step is spent; a loop that goes on like that for
/// <c>MaxSteps</c> × <see cref="CheckInterval"/> backward jumps in a row can never be ended by anyone else, and is a hang
/// at once, named by its source line (with <see cref="Exploration.ExplorationOptions.ReportStepBoundAsHang"/> off, it
/// yields from then on instead, so that the step bound abandons the iteration). A loop whose iteration has been stopped (a
/// bug elsewhere, or the end of the test) throws <see cref="ThreadInterruptedException"/> at its next check, so that its
/// thread unwinds like the iteration's other threads.</para>
/// <para>Each check is a function of the thread's own loop count and of the scheduler's state, so a replay makes the same
/// scheduling points and finds the same hang. Coyote 1.7.11 runs each operation on a thread of its own, so the per-thread
/// counts start at zero for every operation.</para>
/// <para>Outside an exploration, on threads the scheduler does not control, and in code the scheduler itself runs while
/// it decides (the condition of an operation paused until it holds), the hook counts and returns.</para>
/// <para><b>Thread safety:</b> safe for concurrent use; its state is per thread.</para>
/// <para><b>Happens-before:</b> creates no edge: a preemption point orders nothing.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Loop preemption runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class LoopHooks
{
    /// <summary>How many backward jumps a thread makes between two checks: large enough that the check costs little next to
    /// the loops it watches, small enough that a spinning loop is preempted within microseconds.</summary>
    internal const int CheckInterval = 100;

    /// <summary>Backward jumps this thread made since its last check.</summary>
    [ThreadStatic]
    private static int s_jumps;

    /// <summary>The scheduler's step count at this thread's last check (after its preemption point, if it made one).</summary>
    [ThreadStatic]
    private static int s_lastStep;

    /// <summary>Backward jumps this thread made in a row without a scheduling point while no other task could run.</summary>
    [ThreadStatic]
    private static long s_soloJumps;

    /// <summary>Whether this thread is inside <see cref="Check"/>: asking whether another task could run evaluates the
    /// conditions of paused tasks, user code whose own loops must not check again.</summary>
    [ThreadStatic]
    private static bool s_checking;

    /// <summary>Hook before a backward jump.</summary>
    /// <param name="site">The loop's source site, <c>File.cs:line (Type.Method)</c>, an interned literal.</param>
    /// <exception cref="ThreadInterruptedException">The iteration this loop runs in has been stopped.</exception>
    public static void BackEdge(string site)
    {
        if (++s_jumps < CheckInterval)
        {
            return;
        }

        s_jumps = 0;
        if (s_checking)
        {
            return;
        }

        s_checking = true;
        try
        {
            Check(site);
        }
        finally
        {
            s_checking = false;
        }
    }

    /// <summary>The message of the hang of a loop that spun <paramref name="bound"/> times in a row while no other task
    /// could run.</summary>
    internal static string DescribeSoloSpin(string site, long bound) => string.Create(CultureInfo.InvariantCulture,
        $"A task looped {bound:N0} times in a row in the loop at {site} without reaching a scheduling point, while no other task could run: usually a spin loop without a yield, waiting for something that cannot happen while it spins (if the loop is long work, raise {nameof(ExplorationOptions.MaxSteps)}).");

    private static void Check(string site)
    {
        if (SchedulerProbe.CurrentOperation() is not { } self || IterationState.Current?.Get(static () => new SpinLog(long.MaxValue, reportsHang: false)) is not { } log)
        {
            // Not a controlled operation of an exploration.
            return;
        }

        if (CoyoteControl.IsInScheduler)
        {
            // User code the scheduler runs while it decides (the condition of a paused operation): it cannot yield here,
            // and the steps it waits for are the scheduler's own.
            return;
        }

        if (!SchedulerProbe.IsRunning(self))
        {
            // The iteration was stopped while this loop ran: unwind, as Coyote's interruption unwinds blocked threads.
            throw new ThreadInterruptedException();
        }

        int step = CoyoteControl.StepCount;
        if (step != s_lastStep)
        {
            // The loop reached a scheduling point since the last check: it is not spinning.
            s_lastStep = step;
            s_soloJumps = 0;
            return;
        }

        if (!SchedulerProbe.AnyRunnableBesides(self))
        {
            // Nobody else could end the spin. Yielding would only reschedule this loop, so count instead.
            s_soloJumps += CheckInterval;
            if (s_soloJumps < log.SoloBound)
            {
                return;
            }

            if (log.ReportsHang)
            {
                IterationState.Current!.Fail(BugKind.Hang, DescribeSoloSpin(site, log.SoloBound));
                return;
            }

            // Step bounds are not bugs in this exploration: spend steps from now on, so that the bound abandons the iteration.
        }
        else
        {
            s_soloJumps = 0;
        }

        log.Pause(site);

        // At the step bound, the scheduler stops the iteration here and this call throws: the loop stays recorded.
        SchedulingPoint.Yield();
        if (!SchedulerProbe.IsRunning(self))
        {
            throw new ThreadInterruptedException();
        }

        log.Resume(site);
        s_lastStep = CoyoteControl.StepCount;
    }
}
