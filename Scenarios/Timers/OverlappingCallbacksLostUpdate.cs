using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Timers;

/// <summary>Bug (data-race): each callback reads the count, works for 1.5 s, then writes back its read plus one; the next
/// callback starts during the work and accesses the count with no synchronisation, so one tick can be lost. Race
/// detection reports the unordered accesses on the first iteration; with it off, the lost tick fails the count check.</summary>
/// <seealso cref="OverlappingCallbacks"/>
[Scenario("timers/overlapping-callbacks-lost-update", "Overlapping timer callbacks read a shared count, work, then write it back; a tick is lost.",
    Expected = BugKind.DataRace)]
public sealed class OverlappingCallbacksLostUpdate : IScenario
{
    private readonly TaskCompletionSource _threeDone = new();
    private int _started;
    private int _finished;
    private int _count;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using (new Timer(_ => OnTick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
        {
            await _threeDone.Task;
        }

        Check.Equal(3, _count, "count after three callbacks");
    }

    private void OnTick()
    {
        if (Interlocked.Increment(ref _started) > 3)
        {
            return;
        }

        int read = _count; // BUG: no lock, and the read happens before the work...
        Work();
        _count = read + 1; // BUG: ...so a callback that overlapped this one has its update overwritten.

        if (Interlocked.Increment(ref _finished) == 3)
        {
            _threeDone.TrySetResult();
        }
    }

    /// <summary>1.5 s of work: longer than the timer's period, so the next callback starts meanwhile.</summary>
    private static void Work() => Task.Delay(TimeSpan.FromSeconds(1.5)).Wait();
}
