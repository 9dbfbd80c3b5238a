using System.Globalization;
using Weft.Catalog;
using Weft.Concurrency;

namespace Weft.Scenarios.SingleFlight;

/// <summary>Three requests for one key share a load through <see cref="SingleFlight{TKey, TValue}"/>, and the load fails:
/// every request receives the failure, and the key is forgotten, so the retry that follows starts a fresh load and gets
/// the value. Runs in virtual time, so every request joins before the load ends.</summary>
/// <seealso cref="FailedLoadStrandsWaiters"/>
/// <seealso cref="SharedLoad"/>
[Scenario("singleflight/failed-load", "A shared load fails: every waiting request gets the error, and the retry loads afresh.")]
public sealed class FailedLoad : IScenario
{
    private readonly SingleFlight<string, int> _loads = new();
    private int _loadCount;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        string[] outcomes = await Task.WhenAll(Task.Run(GetConfigAsync), Task.Run(GetConfigAsync), Task.Run(GetConfigAsync));
        Check.That(outcomes.All(outcome => outcome == "backend unavailable"), "Every request must get the failed load's error.");
        Check.Equal("42", await GetConfigAsync(), "the retry's outcome");
        Check.Equal(2, Volatile.Read(ref _loadCount), "loads of the key");
    }

    private async Task<string> GetConfigAsync()
    {
        try
        {
            return (await _loads.DoAsync("config", LoadAsync)).Value.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException error)
        {
            return error.Message;
        }
    }

    private async Task<int> LoadAsync(CancellationToken token)
    {
        int load = Interlocked.Increment(ref _loadCount);
        await Task.Delay(TimeSpan.FromMilliseconds(100), token); // The backend's round trip.
        return load == 1 ? throw new InvalidOperationException("backend unavailable") : 42;
    }
}
