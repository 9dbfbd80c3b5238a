using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.WeightedSemaphore;

/// <summary>Bug (assertion-failure): in a hand-written weighted semaphore, a release hands units to the waiter at the head
/// of the line without checking whether its acquire was cancelled meanwhile; when the timeout cancels the request just
/// before the release reaches it, the release counts the unit as taken while the request, cancelled, owns nothing, and
/// the unit is lost for good: only 1 of 2 units is free at the end. (Go's <c>x/sync/semaphore</c> once had this bug.)</summary>
/// <seealso cref="CancelledAcquire"/>
[Scenario("weighted-semaphore/cancelled-acquire-loses-units", "A hand-written weighted semaphore grants a unit to an acquire already cancelled; the unit is lost.",
    Expected = BugKind.AssertionFailure)]
public sealed class CancelledAcquireLosesUnits : IScenario
{
    private const long Capacity = 2;
    private readonly HandWrittenWeightedSemaphore _units = new(Capacity);

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await _units.AcquireAsync(Capacity); // Everything is in use.
        using var timeout = new CancellationTokenSource();
        var request = TryAcquireAsync(1, timeout.Token);
        await Task.WhenAll(Task.Run(timeout.Cancel), Task.Run(() => _units.Release(Capacity)));

        if (await request)
        {
            _units.Release(1);
        }

        Check.Equal(Capacity, _units.CurrentCount, "free units once everyone is done");
    }

    /// <summary>Waits for <paramref name="units"/> units until <paramref name="token"/> is cancelled.</summary>
    /// <returns>Whether the caller now holds the units.</returns>
    private async Task<bool> TryAcquireAsync(long units, CancellationToken token)
    {
        try
        {
            await _units.AcquireAsync(units, token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A first-in, first-out weighted semaphore with a lock and a queue of waiters.</summary>
    private sealed class HandWrittenWeightedSemaphore(long capacity)
    {
        private readonly object _gate = new();
        private readonly LinkedList<Waiter> _waiters = [];
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

        public async Task AcquireAsync(long units, CancellationToken token = default)
        {
            var waiter = new Waiter(units);
            lock (_gate)
            {
                if (_waiters.Count == 0 && _free >= units)
                {
                    _free -= units;
                    return;
                }

                _waiters.AddLast(waiter);
            }

            var registration = token.Register(() => waiter.Granted.TrySetCanceled(token));
            try
            {
                await waiter.Granted.Task;
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    _waiters.Remove(waiter);
                }

                throw;
            }
            finally
            {
                registration.Unregister();
            }
        }

        public void Release(long units)
        {
            List<Waiter> granted = [];
            lock (_gate)
            {
                _free += units;
                while (_waiters.First?.Value is { } head && _free >= head.Units)
                {
                    _waiters.RemoveFirst();
                    _free -= head.Units; // BUG: counts the units as taken even if the head's acquire was already cancelled...
                    granted.Add(head);
                }
            }

            foreach (var waiter in granted)
            {
                waiter.Granted.TrySetResult(); // BUG: ...and ignores that this then fails: nobody owns those units any more.
            }
        }

        private sealed class Waiter(long units)
        {
            public long Units { get; } = units;

            public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
