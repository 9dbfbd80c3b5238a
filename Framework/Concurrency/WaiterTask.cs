namespace Weft.Concurrency;

/// <summary>Turns the task of a waiter's <see cref="TaskCompletionSource"/> into the task a public method returns.</summary>
/// <remarks>
/// <para>Waiters complete their <see cref="TaskCompletionSource"/> with
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so that a release, a grant or a cancellation never
/// runs a waiter's continuation on its own stack. Such a task must not be handed out as it is: under Coyote 1.7.11, a
/// task of that kind composed with <c>Task.Run(() =&gt; task)</c>, <see cref="Task.WhenAll(Task[])"/> or
/// <see cref="Task.WhenAny(Task[])"/> is reported as a false deadlock, because its continuations go to the real thread
/// pool, which the scheduler does not see. Only a direct <c>await</c> is controlled. So the public methods return an
/// <c>async</c> method's task that awaits the waiter instead; it completes the same way (value, exception, or
/// cancellation with its token), one thread hop later.</para>
/// <para><b>Thread safety:</b> stateless. <b>Happens-before:</b> the waiter's completion happens-before the returned
/// task's.</para>
/// </remarks>
internal static class WaiterTask
{
    /// <summary>Returns a task that completes like <paramref name="completion"/>.</summary>
    public static async Task WrapAsync(Task completion) => await completion.ConfigureAwait(false);

    /// <summary>Returns a task that completes like <paramref name="completion"/>.</summary>
    public static async Task<T> WrapAsync<T>(Task<T> completion) => await completion.ConfigureAwait(false);
}
