using Weft.Catalog;

namespace Weft.Scenarios.Timers;

/// <summary>A 1 s periodic timer whose callback works for 1.5 s, so callbacks overlap; each callback adds to the shared
/// count under a lock after its work, so no tick is lost.</summary>
/// <seealso cref="OverlappingCallbacksLostUpdate"/>
[Scenario("timers/overlapping-callbacks", "Overlapping timer callbacks add to a shared count under a lock; no tick is lost.")]
public sealed class OverlappingCallbacks : IScenario
{
    private readonly object _gate = new();
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

        lock (_gate)
        {
            Work();
            _count++;
        }

        if (Interlocked.Increment(ref _finished) == 3)
        {
            _threeDone.TrySetResult();
        }
    }

    /// <summary>1.5 s of work: longer than the timer's period, so the next callback starts meanwhile.</summary>
    private static void Work() => Task.Delay(TimeSpan.FromSeconds(1.5)).Wait();
}
