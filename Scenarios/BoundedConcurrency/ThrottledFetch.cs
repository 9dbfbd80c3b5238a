using Weft.Catalog;

namespace Weft.Scenarios.BoundedConcurrency;

/// <summary>Image downloads throttled to two at a time by a <see cref="SemaphoreSlim"/>: the user opens a page of two images
/// and leaves it after 50 ms, cancelling both 100 ms downloads, then opens a page of three. Every download gives its
/// permit back in a <c>finally</c>, cancelled or not, so the second page's three downloads run two at a time and never
/// more. Runs in virtual time.</summary>
/// <seealso cref="ThrottledFetchLeaksPermitOnCancel"/>
/// <seealso cref="ThrottledFetchCheckThenIncrement"/>
[Scenario("bounded-concurrency/throttled-fetch", "Downloads throttled by a SemaphoreSlim of two; cancelled ones give their permit back.")]
public sealed class ThrottledFetch : IScenario
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
            try
            {
                await DownloadAsync(token);
            }
            finally
            {
                _permits.Release();
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
