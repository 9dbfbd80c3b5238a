using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Cancellation;

/// <summary>Bug (deadlock): the fan-out cancels the sibling calls in a <c>catch</c> around <see cref="Task.WhenAll(Task[])"/>,
/// but <c>WhenAll</c> throws only once every call has ended, and the two hung calls end only when cancelled: the
/// inventory failure never cancels them, and the request waits forever.</summary>
/// <seealso cref="FanOut"/>
[Scenario("cancellation/fan-out-error-does-not-cancel-siblings", "A fan-out cancels its calls only after WhenAll throws; hung siblings keep it waiting forever.",
    Expected = BugKind.Deadlock)]
public sealed class FanOutErrorDoesNotCancelSiblings : IScenario
{
    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using var cancellation = new CancellationTokenSource();
        try
        {
            await Task.WhenAll(CallAsync("prices", cancellation.Token), CallAsync("inventory", cancellation.Token), CallAsync("reviews", cancellation.Token));
            Check.That(false, "The inventory backend failed, so the request must fail.");
        }
        catch (InvalidOperationException error)
        {
            cancellation.Cancel(); // BUG: too late: WhenAll throws only after every call ended, and the hung calls need this to end.
            Check.Equal("inventory unavailable", error.Message, "the request's error");
        }
    }

    private static async Task CallAsync(string backend, CancellationToken token)
    {
        await Task.Yield(); // Connect.
        if (backend == "inventory")
        {
            throw new InvalidOperationException("inventory unavailable");
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, token); // A connection that never answers: only cancellation ends the call.
    }
}
