using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using Weft.Instrumentation;

namespace Weft.Models;

/// <summary>The controlled stand-in for <see cref="ManualResetEventSlim"/>: the build step redirects its constructors,
/// <c>Set</c>, <c>Reset</c>, <c>IsSet</c> and <c>Wait</c> overloads in rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="ManualResetEventSlim"/>: a thread that waits blocks for real, and Coyote
/// marks every use of the type as uncontrolled. The event's state stays in the real object (setting and resetting it never
/// blocks); under exploration a wait on an unset event pauses in the scheduler until it is set (or the token is
/// cancelled), so a wait that can never end is reported as a deadlock. A <c>Wait</c> with a timeout of 0 never waits; one
/// with a finite timeout gives the other threads one scheduling step to set the event, then times out. Outside an
/// exploration every call goes to the real event. Argument, disposal and cancellation checks are the real event's own.</para>
/// <para>Known limit: waiting on the event's <see cref="ManualResetEventSlim.WaitHandle"/> is not modelled.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="ManualResetEventSlim"/>.</para>
/// <para><b>Happens-before:</b> each <c>Set</c> happens-before every <c>Wait</c> that returns <see langword="true"/> and every
/// <c>IsSet</c> that returns <see langword="true"/> after it.</para>
/// </remarks>
/// <seealso cref="CountdownEventModel"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not mark its own calls of the real event.")]
public static class ManualResetEventSlimModel
{
    /// <summary>Stands in for <see cref="ManualResetEventSlim()"/>.</summary>
    /// <returns>A new unset event.</returns>
    public static ManualResetEventSlim Create() => new();

    /// <summary>Stands in for <see cref="ManualResetEventSlim(bool)"/>.</summary>
    /// <param name="initialState">Whether the event starts set.</param>
    /// <returns>A new event.</returns>
    public static ManualResetEventSlim Create(bool initialState) => new(initialState);

    /// <summary>Stands in for <see cref="ManualResetEventSlim(bool, int)"/>.</summary>
    /// <param name="initialState">Whether the event starts set.</param>
    /// <param name="spinCount">How long a real wait spins before it blocks.</param>
    /// <returns>A new event.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spinCount"/> is out of range.</exception>
    public static ManualResetEventSlim Create(bool initialState, int spinCount) => new(initialState, spinCount);

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Set"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Set(ManualResetEventSlim instance)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            instance.Set();
            return;
        }

        SyncHooks.Releasing(instance, SyncRole.Signal);
        instance.Set();
        SignalWaits.Interleave();
    }

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Reset"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Reset(ManualResetEventSlim instance)
    {
        SignalWaits.IsControlled(instance);
        instance.Reset();
    }

    /// <summary>Stands in for <see cref="ManualResetEventSlim.IsSet"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <returns>Whether the event is set.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool IsSet(ManualResetEventSlim instance)
    {
        bool controlled = SignalWaits.IsControlled(instance);
        bool set = instance.IsSet;
        if (set && controlled)
        {
            SyncHooks.Acquired(instance, SyncRole.Signal);
        }

        return set;
    }

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Wait()"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Wait(ManualResetEventSlim instance) => Wait(instance, Timeout.Infinite, default);

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Wait(int)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <returns>Whether the event was set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(ManualResetEventSlim instance, int millisecondsTimeout) => Wait(instance, millisecondsTimeout, default);

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Wait(TimeSpan)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <returns>Whether the event was set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(ManualResetEventSlim instance, TimeSpan timeout) => Wait(instance, SignalWaits.Milliseconds(timeout), default);

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Wait(CancellationToken)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Wait(ManualResetEventSlim instance, CancellationToken cancellationToken) => Wait(instance, Timeout.Infinite, cancellationToken);

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Wait(TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the event was set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(ManualResetEventSlim instance, TimeSpan timeout, CancellationToken cancellationToken) =>
        Wait(instance, SignalWaits.Milliseconds(timeout), cancellationToken);

    /// <summary>Stands in for <see cref="ManualResetEventSlim.Wait(int, CancellationToken)"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the event was set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The event was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool Wait(ManualResetEventSlim instance, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            return instance.Wait(millisecondsTimeout, cancellationToken);
        }

        // The real event checks disposal and the token, and answers at once when it is set.
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        bool set = instance.Wait(0, cancellationToken) || SignalWaits.Wait(IsSetOf, instance, millisecondsTimeout, cancellationToken);
        if (set)
        {
            SyncHooks.Acquired(instance, SyncRole.Signal);
        }

        return set;
    }

    /// <summary>Whether the event is set: the condition of a controlled wait, a method of this type so that Coyote does not
    /// rewrite it.</summary>
    private static bool IsSetOf(object instance) => ((ManualResetEventSlim)instance).IsSet;
}
