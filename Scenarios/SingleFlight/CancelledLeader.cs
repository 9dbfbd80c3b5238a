using System.Globalization;
using Weft.Catalog;
using Weft.Concurrency;

namespace Weft.Scenarios.SingleFlight;

/// <summary>The first request for a key starts the 100 ms load through <see cref="SingleFlight{TKey, TValue}"/> but gives up
/// after 50 ms (its own deadline); two requests without a deadline joined the load meanwhile. The load runs under the
/// group's token, not the first caller's, so only the impatient request is cancelled: the other two still get the value
/// of the one load. Runs in virtual time.</summary>
/// <seealso cref="CancelledLeaderFailsJoiners"/>
/// <seealso cref="SharedLoad"/>
[Scenario("singleflight/cancelled-leader", "The request that started a shared load gives up; the requests that joined it still get the value.")]
public sealed class CancelledLeader : IScenario
{
    private readonly SingleFlight<string, int> _loads = new();
    private int _loadCount;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var impatient = GetConfigAsync(deadline.Token); // The first request: it starts the load.
        var patient = new[] { Task.Run(() => GetConfigAsync(CancellationToken.None)), Task.Run(() => GetConfigAsync(CancellationToken.None)) };

        Check.Equal("cancelled", await impatient, "the impatient request's outcome");
        string[] outcomes = await Task.WhenAll(patient);
        Check.That(outcomes.All(outcome => outcome == "42"), "The requests that did not give up must get the loaded value.");
        Check.Equal(1, Volatile.Read(ref _loadCount), "loads of the key");
    }

    private async Task<string> GetConfigAsync(CancellationToken token)
    {
        try
        {
            return (await _loads.DoAsync("config", LoadAsync, token)).Value.ToString(CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
    }

    private async Task<int> LoadAsync(CancellationToken token)
    {
        Interlocked.Increment(ref _loadCount);
        await Task.Delay(TimeSpan.FromMilliseconds(100), token); // The backend's round trip.
        return 42;
    }
}
