using Weft.Catalog;
using Weft.Concurrency;

namespace Weft.Scenarios.Cancellation;

/// <summary>A request fans out to three backends with an <see cref="ErrorGroup"/>: the inventory backend fails at once,
/// while the other two calls hang on connections that never answer. The first failure cancels the group's token, which
/// cancels the hung calls, and the request fails fast with the inventory error. Runs in virtual time.</summary>
/// <seealso cref="FanOutErrorDoesNotCancelSiblings"/>
[Scenario("cancellation/fan-out", "A fan-out through an ErrorGroup: the first failure cancels the hung sibling calls.")]
public sealed class FanOut : IScenario
{
    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var group = new ErrorGroup();
        group.Go(token => CallAsync("prices", token));
        group.Go(token => CallAsync("inventory", token));
        group.Go(token => CallAsync("reviews", token));
        try
        {
            await group.WaitAsync();
            Check.That(false, "The inventory backend failed, so the request must fail.");
        }
        catch (InvalidOperationException error)
        {
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
