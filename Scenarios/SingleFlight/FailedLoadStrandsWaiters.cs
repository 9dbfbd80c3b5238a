using System.Globalization;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.SingleFlight;

/// <summary>Bug (deadlock): a hand-written singleflight completes its waiters only after a successful load; when the load
/// fails, the exception leaves the leading request before the waiters' completion source is set, so the two requests
/// that joined wait forever, and so does everyone awaiting them.</summary>
/// <seealso cref="FailedLoad"/>
[Scenario("singleflight/failed-load-strands-waiters", "A hand-written singleflight never completes its waiters when the load fails; they wait forever.",
    Expected = BugKind.Deadlock)]
public sealed class FailedLoadStrandsWaiters : IScenario
{
    private readonly HandWrittenSingleFlight _loads = new();
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
            return (await _loads.DoAsync("config", LoadAsync)).ToString(CultureInfo.InvariantCulture);
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

    /// <summary>A singleflight with a lock: the first request for a key leads the load, later ones wait for its result.</summary>
    private sealed class HandWrittenSingleFlight
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, TaskCompletionSource<int>> _flights = [];

        public async Task<int> DoAsync(string key, Func<CancellationToken, Task<int>> work)
        {
            TaskCompletionSource<int>? flight;
            bool leads;
            lock (_gate)
            {
                leads = !_flights.TryGetValue(key, out flight);
                if (leads)
                {
                    flight = new TaskCompletionSource<int>();
                    _flights.Add(key, flight);
                }
            }

            if (!leads)
            {
                return await flight!.Task; // Another request leads the load: wait for its result.
            }

            int value = await work(CancellationToken.None); // BUG: when the load fails, its exception leaves here...
            lock (_gate)
            {
                _flights.Remove(key); // BUG: ...so the key is never forgotten...
            }

            flight!.SetResult(value); // BUG: ...and the waiters are never completed.
            return value;
        }
    }
}
