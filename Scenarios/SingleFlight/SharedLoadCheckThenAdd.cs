using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.SingleFlight;

/// <summary>Bug (assertion-failure): a hand-written singleflight looks the key up in a plain dictionary and adds the new
/// load only after starting it, with no lock; starting the load runs it up to its first await, so a second request can
/// look the key up in between, miss it as well and start a second load: the backend is hit twice.</summary>
/// <remarks>On a real machine the unlocked dictionary can also be corrupted. Weft does not report the unordered
/// dictionary accesses as a data race: the dictionary's fields belong to the BCL, whose code is not instrumented. The
/// duplicate load is what fails, deterministically, in the interleavings where the two look-ups come first.</remarks>
/// <seealso cref="SharedLoad"/>
[Scenario("singleflight/shared-load-check-then-add", "A hand-written singleflight checks then adds the key without a lock; two requests both load.",
    Expected = BugKind.AssertionFailure)]
public sealed class SharedLoadCheckThenAdd : IScenario
{
    private readonly HandWrittenSingleFlight _loads = new();
    private int _loadCount;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        int[] values = await Task.WhenAll(Task.Run(GetConfigAsync), Task.Run(GetConfigAsync), Task.Run(GetConfigAsync));
        Check.Equal(1, Volatile.Read(ref _loadCount), "loads of the key");
        Check.That(values.All(value => value == 42), "Every request must get the loaded value.");
    }

    private async Task<int> GetConfigAsync() => await _loads.DoAsync("config", LoadAsync);

    private async Task<int> LoadAsync(CancellationToken token)
    {
        Interlocked.Increment(ref _loadCount);
        await Task.Delay(TimeSpan.FromMilliseconds(100), token); // The backend's round trip.
        return 42;
    }

    /// <summary>The singleflight a team writes in an afternoon: the loads in flight, by key.</summary>
    private sealed class HandWrittenSingleFlight
    {
        private readonly Dictionary<string, Task<int>> _flights = [];

        public async Task<int> DoAsync(string key, Func<CancellationToken, Task<int>> work)
        {
            if (!_flights.TryGetValue(key, out var flight)) // BUG: the look-up and the add below are not one atomic step...
            {
                flight = work(CancellationToken.None); // BUG: ...and the work runs up to its first await in between.
                _flights[key] = flight; // BUG: a request that looked up meanwhile has started a second load.
            }

            try
            {
                return await flight;
            }
            finally
            {
                _flights.Remove(key);
            }
        }
    }
}
