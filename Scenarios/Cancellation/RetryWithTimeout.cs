using Weft.Catalog;

namespace Weft.Scenarios.Cancellation;

/// <summary>A call retried with exponential backoff (100 ms doubling up to 1 s) under an overall 10 s timeout; the
/// service never recovers, so the call gives up when the timeout cancels the backoff delay; a one-minute watchdog checks
/// that it does. Runs in virtual time.</summary>
/// <seealso cref="RetryIgnoresTimeout"/>
// Race detection is off: await continuations that a timer callback runs inline are attributed to the callback, a known
// gap of the detector (see RaceDetectorExplorationTests), which would report the retry counter falsely.
[Scenario("cancellation/retry-with-timeout", "A retry loop with exponential backoff gives up when its 10 s timeout fires (virtual time).",
    DetectDataRaces = false)]
public sealed class RetryWithTimeout : IScenario
{
    private int _calls;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var watchdog = new CancellationTokenSource();
        var call = CallWithRetryAsync(timeout.Token);
        var first = await Task.WhenAny(call, Task.Delay(TimeSpan.FromMinutes(1), watchdog.Token));
        Check.That(first == call, "the call was still retrying a minute after its 10 s timeout");
        watchdog.Cancel();
        Check.That(!await call, "the service never recovers, so the call must give up");
        Check.That(_calls > 1, "the call must be retried before it gives up");
    }

    private async Task<bool> CallWithRetryAsync(CancellationToken token)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await CallServiceAsync();
                return true;
            }
            catch (InvalidOperationException)
            {
                // A transient failure: back off, then retry.
            }

            try
            {
                await Task.Delay(backoff, token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond));
        }
    }

    private async Task CallServiceAsync()
    {
        _calls++;
        await Task.Yield();
        throw new InvalidOperationException("service unavailable");
    }
}
