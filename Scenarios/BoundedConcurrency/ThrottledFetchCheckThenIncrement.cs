using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.BoundedConcurrency;

/// <summary>Bug (assertion-failure): instead of a semaphore, each download polls a counter of active downloads until it is
/// below the limit, then increments it; the check and the increment are two steps, so when the second page's three
/// downloads all check before any of them increments, all three start at once. Runs in virtual time.</summary>
/// <seealso cref="ThrottledFetch"/>
[Scenario("bounded-concurrency/throttled-fetch-check-then-increment", "Downloads throttled by checking then incrementing a counter; three can pass a limit of two.",
    Expected = BugKind.AssertionFailure)]
public sealed class ThrottledFetchCheckThenIncrement : IScenario
{
    private const int Limit = 2;
    private int _active;
    private int _downloading;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using (var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Task.WhenAll(Task.Run(() => FetchAsync(leave.Token)), Task.Run(() => FetchAsync(leave.Token)));
        }

        await Task.WhenAll(Task.Run(() => FetchAsync(CancellationToken.None)), Task.Run(() => FetchAsync(CancellationToken.None)), Task.Run(() => FetchAsync(CancellationToken.None)));
        Check.Equal(0, Volatile.Read(ref _active), "active downloads once every download ended");
    }

    private async Task FetchAsync(CancellationToken token)
    {
        try
        {
            while (Volatile.Read(ref _active) >= Limit) // BUG: the check that a slot is free...
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), token);
            }

            Interlocked.Increment(ref _active); // BUG: ...and taking it are two steps: several downloads can take the last slot.
            try
            {
                await DownloadAsync(token);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The user left the page: the download is abandoned.
        }
    }

    private async Task DownloadAsync(CancellationToken token)
    {
        int now = Interlocked.Increment(ref _downloading);
        Check.That(now <= Limit, $"{now} downloads ran at once, more than the limit of {Limit}.");
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), token);
        }
        finally
        {
            Interlocked.Decrement(ref _downloading);
        }
    }
}
