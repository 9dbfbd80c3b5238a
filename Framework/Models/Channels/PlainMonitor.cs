using Microsoft.Coyote.Rewriting;

namespace Weft.Models.Channels;

/// <summary>The lock of a channel model: a real <see cref="Monitor"/> that Coyote's rewriting leaves alone.</summary>
/// <remarks>
/// <para>Coyote rewrites every <c>lock</c> in a rewritten assembly (Weft.dll is one) into its controlled monitor, which adds
/// a scheduling point to each acquire and cannot be entered from a thread the scheduler does not control, such as a timer
/// that cancels a token. The channel models hold this lock only around short sections with no scheduling point in them:
/// no task completion, no user callback, no collection Coyote instruments (<see cref="List{T}"/>,
/// <see cref="Dictionary{TKey, TValue}"/>, <see cref="HashSet{T}"/>). The scheduler runs one controlled operation at a
/// time and switches only at scheduling points, so under exploration no controlled operation ever waits for this lock;
/// outside an exploration it is an ordinary monitor.</para>
/// <para><b>Thread safety:</b> safe for concurrent use; reentrant, like <see cref="Monitor"/>.</para>
/// <para><b>Happens-before:</b> each <see cref="Exit"/> happens-before the next <see cref="Enter"/> that acquires it.</para>
/// </remarks>
[SkipRewriting("The channel models need the real Monitor: see the remarks of PlainMonitor.")]
internal sealed class PlainMonitor
{
    private readonly object _sync = new();

    /// <summary>Whether the current thread holds the lock.</summary>
    public bool IsHeldByCurrentThread => Monitor.IsEntered(_sync);

    /// <summary>Acquires the lock, waiting for it if another thread holds it.</summary>
    public void Enter() => Monitor.Enter(_sync);

    /// <summary>Releases the lock once.</summary>
    /// <exception cref="SynchronizationLockException">The current thread does not hold the lock.</exception>
    public void Exit() => Monitor.Exit(_sync);
}
