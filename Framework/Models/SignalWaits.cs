using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.Runtime;
using Weft.Instrumentation;

namespace Weft.Models;

/// <summary>The controlled wait that the models of events and barriers share: pause in the scheduler until a condition
/// holds, with the BCL's timeout and cancellation rules.</summary>
/// <remarks><b>Thread safety:</b> stateless; the conditions it waits on are read by the scheduler one operation at a time.</remarks>
[SkipRewriting("A model's runtime: Coyote's rewriting must not touch it.")]
internal static class SignalWaits
{
    /// <summary>Whether the calling thread runs a controlled operation; throws for a null instance, as an instance call would.</summary>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null.</exception>
    public static bool IsControlled(object? instance)
    {
        if (instance is null)
        {
            throw new NullReferenceException();
        }

        return CoyoteControl.IsControlled;
    }

    /// <summary>Lets the scheduler run another operation first.</summary>
    public static void Interleave() => SchedulingPoint.Interleave();

    /// <summary>Waits under exploration until <paramref name="isSignaled"/> holds for <paramref name="state"/>: for ever (-1),
    /// not at all (0), or for one scheduling step of the other operations (a finite timeout).</summary>
    /// <remarks>The condition takes its state as an argument so that the models can pass a method of their own: Coyote
    /// rewrites the closures of a type it skips, and would mark a closure's call of an uncontrolled type.</remarks>
    /// <returns>Whether <paramref name="isSignaled"/> held before the timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public static bool Wait(Func<object, bool> isSignaled, object state, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        SchedulingPoint.Interleave();
        if (isSignaled(state))
        {
            return true;
        }

        if (millisecondsTimeout == 0)
        {
            return false;
        }

        if (millisecondsTimeout == Timeout.Infinite)
        {
            Operation.PauseUntil(() => isSignaled(state) || cancellationToken.IsCancellationRequested);
        }
        else
        {
            SchedulingPoint.Interleave();
        }

        if (isSignaled(state))
        {
            return true;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            CancellationHooks.ObservedCancellation(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return false;
    }

    /// <summary>A timeout in milliseconds, checked as the BCL checks it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    public static int Milliseconds(TimeSpan timeout)
    {
        long milliseconds = (long)timeout.TotalMilliseconds;
        if (milliseconds < -1 || milliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout));
        }

        return (int)milliseconds;
    }
}
