using Weft.Catalog;

namespace Weft.Scenarios.WeightedSemaphore;

/// <summary>Imports share a memory budget of 4 units through a <see cref="Concurrency.WeightedSemaphore"/>. A batch holds 2
/// units when a large import asks for all 4 and waits; two small imports then ask for 1 unit each. They would fit in the
/// 2 free units, but the semaphore serves requests first in, first out, so they queue behind the large import, which
/// runs first as soon as the batch ends: small requests never starve a large one, and the budget is never exceeded.</summary>
/// <seealso cref="FairAcquireSmallRequestsBarge"/>
/// <seealso cref="CancelledAcquire"/>
[Scenario("weighted-semaphore/fair-acquire", "A large request waiting on a WeightedSemaphore is served before smaller, later ones (FIFO).")]
public sealed class FairAcquire : IScenario
{
    private const long Budget = 4;
    private readonly Concurrency.WeightedSemaphore _memory = new(Budget);
    private long _inUse;
    private int _grants;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await _memory.AcquireAsync(2); // The batch.
        var large = ImportAsync(4); // Arrives first and waits for the whole budget.
        var small = new[] { ImportAsync(1), ImportAsync(1) }; // Arrive later, while 2 units are free.
        await Task.Run(() => _memory.Release(2)); // The batch ends.

        Check.Equal(1, await large, "grant order of the large import, which asked first");
        await Task.WhenAll(small);
        Check.Equal(Budget, _memory.CurrentCount, "free units once every import ended");
    }

    /// <summary>Runs an import that needs <paramref name="units"/> units of memory.</summary>
    /// <returns>The order in which the import got its units: 1 for the first.</returns>
    private async Task<int> ImportAsync(long units)
    {
        await _memory.AcquireAsync(units);
        int order = Interlocked.Increment(ref _grants);
        long now = Interlocked.Add(ref _inUse, units);
        Check.That(now <= Budget, $"Imports used {now} units at once, more than the budget of {Budget}.");
        await Task.Yield(); // The import's work.
        Interlocked.Add(ref _inUse, -units);
        _memory.Release(units);
        return order;
    }
}
