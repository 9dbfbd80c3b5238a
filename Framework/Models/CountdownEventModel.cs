using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using Weft.Instrumentation;

namespace Weft.Models;

/// <summary>The controlled stand-in for the waits of <see cref="CountdownEvent"/>: the build step redirects its
/// <c>Signal</c>, <c>IsSet</c> and <c>Wait</c> overloads in rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="CountdownEvent"/>: a thread that waits blocks for real. The count stays
/// in the real object (signalling and adding never block); under exploration a wait on an event whose count is not zero
/// pauses in the scheduler until it is (or the token is cancelled), so a wait that can never end is reported as a
/// deadlock. A <c>Wait</c> with a timeout of 0 never waits; one with a finite timeout gives the other threads one
/// scheduling step, then times out. Outside an exploration every call goes to the real event. Argument, count, disposal
/// and cancellation checks are the real event's own.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="CountdownEvent"/>.</para>
/// <para><b>Happens-before:</b> each <c>Signal</c> happens-before every <c>Wait</c> that returns <see langword="true"/> and
/// every <c>IsSet</c> that returns <see langword="true"/> after it, so all the signals that brought the count to zero
/// happen-before the waits they release.</para>
/// </remarks>
/// <seealso cref="ManualResetEventSlimModel"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not touch its own calls of the real event.")]
public static class CountdownEventModel
{
    /// <summary>Stands in for <see cref="CountdownEvent.Signal()"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <returns>Whether this signal brought the count to zero.</returns>
    /// <exception cref="InvalidOperationException">The count is already zero.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Signal(CountdownEvent instance) => Signal(instance, 1);

    /// <summary>Stands in for <see cref="CountdownEvent.Signal(int)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="signalCount">How much to take from the count.</param>
    /// <returns>Whether this signal brought the count to zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signalCount"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="signalCount"/> is more than the count.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Signal(CountdownEvent instance, int signalCount)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            return instance.Signal(signalCount);
        }

        SyncHooks.Releasing(instance, SyncRole.Signal);
        bool zero = instance.Signal(signalCount);
        SignalWaits.Interleave();
        return zero;
    }

    /// <summary>Stands in for <see cref="CountdownEvent.IsSet"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <returns>Whether the count is zero.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool IsSet(CountdownEvent instance)
    {
        bool controlled = SignalWaits.IsControlled(instance);
        bool set = instance.IsSet;
        if (set && controlled)
        {
            SyncHooks.Acquired(instance, SyncRole.Signal);
        }

        return set;
    }

    /// <summary>Stands in for <see cref="CountdownEvent.Wait()"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Wait(CountdownEvent instance) => Wait(instance, Timeout.Infinite, default);

    /// <summary>Stands in for <see cref="CountdownEvent.Wait(int)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <returns>Whether the count reached zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(CountdownEvent instance, int millisecondsTimeout) => Wait(instance, millisecondsTimeout, default);

    /// <summary>Stands in for <see cref="CountdownEvent.Wait(TimeSpan)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <returns>Whether the count reached zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(CountdownEvent instance, TimeSpan timeout) => Wait(instance, SignalWaits.Milliseconds(timeout), default);

    /// <summary>Stands in for <see cref="CountdownEvent.Wait(CancellationToken)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Wait(CountdownEvent instance, CancellationToken cancellationToken) => Wait(instance, Timeout.Infinite, cancellationToken);

    /// <summary>Stands in for <see cref="CountdownEvent.Wait(TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the count reached zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(CountdownEvent instance, TimeSpan timeout, CancellationToken cancellationToken) =>
        Wait(instance, SignalWaits.Milliseconds(timeout), cancellationToken);

    /// <summary>Stands in for <see cref="CountdownEvent.Wait(int, CancellationToken)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the count reached zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(CountdownEvent instance, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            return instance.Wait(millisecondsTimeout, cancellationToken);
        }

        // The real event checks disposal and the token, and answers at once when its count is zero.
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        bool set = instance.Wait(0, cancellationToken) || SignalWaits.Wait(IsSetOf, instance, millisecondsTimeout, cancellationToken);
        if (set)
        {
            SyncHooks.Acquired(instance, SyncRole.Signal);
        }

        return set;
    }

    /// <summary>Whether the count is zero: the condition of a controlled wait.</summary>
    private static bool IsSetOf(object instance) => ((CountdownEvent)instance).IsSet;
}
