using Weft.Catalog;
using Weft.Concurrency;

namespace Weft.Scenarios.SingleFlight;

/// <summary>Three requests for one configuration key arrive at once and go through <see cref="SingleFlight{TKey, TValue}"/>:
/// the first starts the 100 ms load, the other two join it, and all three get its value from a single load. Runs in
/// virtual time, so every request arrives before the load ends.</summary>
/// <seealso cref="SharedLoadCheckThenAdd"/>
/// <seealso cref="FailedLoad"/>
/// <seealso cref="CancelledLeader"/>
[Scenario("singleflight/shared-load", "Three concurrent requests for one key share a single load through SingleFlight.")]
public sealed class SharedLoad : IScenario
{
    private readonly SingleFlight<string, int> _loads = new();
    private int _loadCount;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        int[] values = await Task.WhenAll(Task.Run(GetConfigAsync), Task.Run(GetConfigAsync), Task.Run(GetConfigAsync));
        Check.Equal(1, Volatile.Read(ref _loadCount), "loads of the key");
        Check.That(values.All(value => value == 42), "Every request must get the loaded value.");
    }

    private async Task<int> GetConfigAsync() => (await _loads.DoAsync("config", LoadAsync)).Value;

    private async Task<int> LoadAsync(CancellationToken token)
    {
        Interlocked.Increment(ref _loadCount);
        await Task.Delay(TimeSpan.FromMilliseconds(100), token); // The backend's round trip.
        return 42;
    }
}
