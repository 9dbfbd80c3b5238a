using Weft.Catalog;

namespace Weft.Scenarios.WeightedSemaphore;

/// <summary>A request waits on a <see cref="Concurrency.WeightedSemaphore"/> of 2 units, all in use, with a timeout; the
/// timeout fires just as the units come back, in either order. The grant and the cancellation are decided under the
/// semaphore's lock, so exactly one wins: either the request gets its unit (and gives it back) or it is cancelled and owns
/// nothing. Either way, all 2 units are free at the end.</summary>
/// <seealso cref="CancelledAcquireLosesUnits"/>
/// <seealso cref="FairAcquire"/>
[Scenario("weighted-semaphore/cancelled-acquire", "A cancelled WeightedSemaphore acquire racing a release never loses units.")]
public sealed class CancelledAcquire : IScenario
{
    private const long Capacity = 2;
    private readonly Concurrency.WeightedSemaphore _units = new(Capacity);

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
}
