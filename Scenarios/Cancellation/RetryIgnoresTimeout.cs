using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Cancellation;

/// <summary>Bug (assertion-failure): the backoff delay does not take the timeout's token, so when the service never
/// recovers nothing ends the loop: a minute after its 10 s timeout it is still retrying. Runs in virtual time, so the
/// minute passes at once.</summary>
/// <seealso cref="RetryWithTimeout"/>
// Race detection is off, as for its correct twin RetryWithTimeout.
[Scenario("cancellation/retry-ignores-timeout", "A retry loop whose backoff ignores the timeout's token retries forever.",
    Expected = BugKind.AssertionFailure, DetectDataRaces = false)]
public sealed class RetryIgnoresTimeout : IScenario
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
                await Task.Delay(backoff); // BUG: without the token, the timeout never interrupts the loop.
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
