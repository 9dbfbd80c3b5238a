using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.WeightedSemaphore;

/// <summary>Bug (assertion-failure): a hand-written weighted semaphore hands out free units to whoever asks while they
/// suffice, even when a larger request is already waiting; the two small imports take the 2 free units at once, barging
/// past the large import that asked first, which runs last. With a steady stream of small requests it would never run.</summary>
/// <seealso cref="FairAcquire"/>
[Scenario("weighted-semaphore/fair-acquire-small-requests-barge", "A hand-written weighted semaphore lets small requests barge past a waiting large one.",
    Expected = BugKind.AssertionFailure)]
public sealed class FairAcquireSmallRequestsBarge : IScenario
{
    private const long Budget = 4;
    private readonly HandWrittenWeightedSemaphore _memory = new(Budget);
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

    /// <summary>A weighted semaphore with a lock and a list of waiters.</summary>
    private sealed class HandWrittenWeightedSemaphore(long capacity)
    {
        private readonly object _gate = new();
        private readonly List<(long Units, TaskCompletionSource Granted)> _waiters = [];
        private long _free = capacity;

        public long CurrentCount
        {
            get
            {
                lock (_gate)
                {
                    return _free;
                }
            }
        }

        public Task AcquireAsync(long units)
        {
            lock (_gate)
            {
                if (_free >= units) // BUG: takes free units even while others wait, so a small request barges past a waiting large one.
                {
                    _free -= units;
                    return Task.CompletedTask;
                }

                var granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((units, granted));
                return granted.Task;
            }
        }

        public void Release(long units)
        {
            List<TaskCompletionSource> granted = [];
            lock (_gate)
            {
                _free += units;
                foreach (var waiter in _waiters.ToList())
                {
                    if (_free >= waiter.Units) // BUG: likewise, serves any waiter that fits, not only the head of the line.
                    {
                        _free -= waiter.Units;
                        _waiters.Remove(waiter);
                        granted.Add(waiter.Granted);
                    }
                }
            }

            foreach (var waiter in granted)
            {
                waiter.SetResult();
            }
        }
    }
}
