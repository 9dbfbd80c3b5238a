using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.BoundedConcurrency;

/// <summary>Bug (deadlock): each download gives its permit back only after it succeeds, not in a <c>finally</c>; the two
/// downloads the user cancels by leaving the first page skip the release, both permits are gone for good, and the second
/// page's downloads wait for a permit forever. Runs in virtual time.</summary>
/// <seealso cref="ThrottledFetch"/>
[Scenario("bounded-concurrency/throttled-fetch-leaks-permit-on-cancel", "A cancelled download skips its Release; the permits leak and later downloads wait forever.",
    Expected = BugKind.Deadlock)]
public sealed class ThrottledFetchLeaksPermitOnCancel : IScenario
{
    private const int Limit = 2;
    private readonly SemaphoreSlim _permits = new(Limit);
    private int _downloading;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using (var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Task.WhenAll(Task.Run(() => FetchAsync(leave.Token)), Task.Run(() => FetchAsync(leave.Token)));
        }

        await Task.WhenAll(Task.Run(() => FetchAsync(CancellationToken.None)), Task.Run(() => FetchAsync(CancellationToken.None)), Task.Run(() => FetchAsync(CancellationToken.None)));
        Check.Equal(Limit, _permits.CurrentCount, "free permits once every download ended");
    }

    private async Task FetchAsync(CancellationToken token)
    {
        try
        {
            await _permits.WaitAsync(token);
            await DownloadAsync(token); // BUG: a cancelled download throws here...
            _permits.Release(); // BUG: ...and skips the release: not in a finally, the permit leaks.
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
