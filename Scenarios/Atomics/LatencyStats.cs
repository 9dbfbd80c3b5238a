using Weft.Catalog;

namespace Weft.Scenarios.Atomics;

/// <summary>Two requests record their latency (100 ms each) into a count and a total, while a dashboard shows the average;
/// the count and the total change together under one lock and are read together under it, so the dashboard always sees a
/// consistent pair and an average of 100 ms.</summary>
/// <seealso cref="LatencyStatsTwoAtomics"/>
/// <seealso cref="CounterWithLock"/>
[Scenario("atomics/latency-stats", "A count and a total of latencies updated together under a lock; the average is always right.")]
public sealed class LatencyStats : IScenario
{
    private readonly object _gate = new();
    private long _count;
    private long _totalMs;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(Task.Run(() => Record(100)), Task.Run(() => Record(100)), Task.Run(ShowAverage));
        Check.Equal((2L, 200L), Read(), "requests and total latency in ms");
    }

    private void Record(long ms)
    {
        lock (_gate)
        {
            _count++;
            _totalMs += ms;
        }
    }

    private void ShowAverage()
    {
        var (count, totalMs) = Read();
        if (count > 0)
        {
            Check.Equal(100L, totalMs / count, $"average latency in ms of {count} request(s) with a total of {totalMs} ms");
        }
    }

    private (long Count, long TotalMs) Read()
    {
        lock (_gate)
        {
            return (_count, _totalMs);
        }
    }
}
