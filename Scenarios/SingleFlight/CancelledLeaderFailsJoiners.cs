using System.Globalization;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.SingleFlight;

/// <summary>Bug (assertion-failure): a hand-written singleflight runs the load under the token of the request that started
/// it; when that request gives up at its 50 ms deadline, the load is cancelled, and the two requests that joined it fail
/// with it although neither of them gave up.</summary>
/// <seealso cref="CancelledLeader"/>
[Scenario("singleflight/cancelled-leader-fails-joiners", "A hand-written singleflight loads under the first caller's token; when it gives up, every joined request fails.",
    Expected = BugKind.AssertionFailure)]
public sealed class CancelledLeaderFailsJoiners : IScenario
{
    private readonly HandWrittenSingleFlight _loads = new();
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
            return (await _loads.DoAsync("config", LoadAsync, token)).ToString(CultureInfo.InvariantCulture);
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

    /// <summary>A singleflight with a lock: the first request for a key starts the load, later ones await the same task.</summary>
    private sealed class HandWrittenSingleFlight
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, Task<int>> _flights = [];

        public async Task<int> DoAsync(string key, Func<CancellationToken, Task<int>> work, CancellationToken token)
        {
            Task<int>? flight;
            lock (_gate)
            {
                if (!_flights.TryGetValue(key, out flight))
                {
                    flight = work(token); // BUG: the shared load runs under the first caller's token, so its deadline cancels everyone's load.
                    _flights.Add(key, flight);
                }
            }

            try
            {
                return await flight;
            }
            finally
            {
                lock (_gate)
                {
                    if (_flights.TryGetValue(key, out var current) && current == flight)
                    {
                        _flights.Remove(key);
                    }
                }
            }
        }
    }
}
