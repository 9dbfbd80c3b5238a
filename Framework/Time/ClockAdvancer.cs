using Microsoft.Coyote.Runtime;

namespace Weft.Time;

/// <summary>The controlled operation that moves a <see cref="VirtualClock"/> forward: it waits until no other controlled
/// operation of the iteration can run, then fires the earliest timers.</summary>
/// <remarks>
/// <para>It pauses with <see cref="Operation.PauseUntil"/> on "no other operation can run" (<see cref="SchedulerProbe"/>).
/// The scheduler enables it only when that holds, so it is then the only enabled operation: time never moves while other
/// work is runnable, and the choice to move it is not a scheduling decision (it adds no branching to the schedule).
/// Every firing starts new operations or enables waiting ones, so the advancer pauses again until they are all blocked.</para>
/// <para>It ends when no timer is armed; the clock starts a new one at the next arming. Ending matters: an advancer paused
/// forever would turn every finished iteration with a blocked task into a false deadlock, and one that kept running
/// would hide a real deadlock.</para>
/// <para><b>Thread safety:</b> one instance per clock, run by exactly one controlled operation.</para>
/// </remarks>
internal sealed class ClockAdvancer(VirtualClock clock)
{
    /// <summary>The body of the advancer operation.</summary>
    public void Run()
    {
        object? self = SchedulerProbe.CurrentOperation();
        if (self is null)
        {
            // Not a controlled operation: there is no scheduler to wait on.
            return;
        }

        while (true)
        {
            Operation.PauseUntil(() => !SchedulerProbe.AnyRunnableBesides(self));
            if (!SchedulerProbe.IsRunning(self))
            {
                // The iteration ended (the test returned or a bug stopped it) while the advancer waited.
                return;
            }

            if (!clock.TryAdvance())
            {
                return;
            }
        }
    }
}
