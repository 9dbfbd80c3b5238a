namespace Weft.Tests.Concurrency;

/// <summary>Waits on cancellation tokens built from a <see cref="TaskCompletionSource"/>, which is controlled under
/// exploration (unlike <c>Task.Delay(Timeout.Infinite, token)</c>, which waits on a real timer).</summary>
internal static class TokenSignals
{
    /// <summary>Completes when <paramref name="token"/> is cancelled.</summary>
    public static Task WhenCancelledAsync(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(cancelled.SetResult);
        return cancelled.Task;
    }
}
