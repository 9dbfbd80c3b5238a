using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Atomics;

/// <summary>Bug (assertion-failure): the count and the total are each updated with an atomic
/// (<see cref="Interlocked.Increment(ref long)"/>, then <see cref="Interlocked.Add(ref long, long)"/>), and read with two
/// atomic reads; each access is atomic, but the pair is not, so a dashboard that reads between a request's two updates
/// sees one request with a total of 0 ms, or two requests with a total of 100 ms: a torn average.</summary>
/// <seealso cref="LatencyStats"/>
[Scenario("atomics/latency-stats-two-atomics", "A count and a total each updated with Interlocked; a reader between the two sees a torn pair.",
    Expected = BugKind.AssertionFailure)]
public sealed class LatencyStatsTwoAtomics : IScenario
{
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
        Interlocked.Increment(ref _count); // BUG: two atomic updates are not one: a reader can run between them.
        Interlocked.Add(ref _totalMs, ms);
    }

    private void ShowAverage()
    {
        var (count, totalMs) = Read();
        if (count > 0)
        {
            Check.Equal(100L, totalMs / count, $"average latency in ms of {count} request(s) with a total of {totalMs} ms");
        }
    }

    private (long Count, long TotalMs) Read() =>
        (Interlocked.Read(ref _count), Interlocked.Read(ref _totalMs)); // BUG: nor are two atomic reads: a writer can run between them.
}
