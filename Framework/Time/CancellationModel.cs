using System.ComponentModel;
using System.Runtime.CompilerServices;
using Weft.Instrumentation;

namespace Weft.Time;

/// <summary>The stand-in for the timed parts of <see cref="CancellationTokenSource"/>: the build step redirects its
/// constructors that take a delay and its <c>CancelAfter</c> overloads in rewritten code here.</summary>
/// <remarks>
/// <para>Under exploration a source created with a delay is a real <see cref="CancellationTokenSource"/> built on the
/// iteration's <see cref="VirtualTimeProvider"/>, so its timeout is virtual; disposing it stops its timer, as usual.
/// <c>CancelAfter</c> on a source created with a time provider goes to that provider's timer (the real behaviour). On a
/// source created without one, a real <c>CancelAfter</c> would start a real timer, so the model keeps one virtual timer per
/// such source instead: each <c>CancelAfter</c> re-arms it, and it cancels the source with <c>Cancel(false)</c> when it
/// fires, unless the source was disposed. Cancellation callbacks then run as a controlled operation of their own, as
/// they would on a timer thread. Outside an exploration every call goes to the real type.</para>
/// <para>Known gap: a source created with a delay and a time provider by code that Weft does not rewrite, then given a
/// <c>CancelAfter</c> in rewritten code under exploration, gets a second, virtual timer.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="CancellationTokenSource"/>.</para>
/// <para><b>Happens-before:</b> the constructor or <c>CancelAfter</c> that arms the timeout happens-before the cancellation
/// it causes, which happens-before the source's callbacks.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CancellationModel
{
    /// <summary>Sources created through the model with a time provider: their own timer handles <c>CancelAfter</c>.</summary>
    private static readonly ConditionalWeakTable<CancellationTokenSource, object> s_withProvider = [];

    /// <summary>The value of every entry of <see cref="s_withProvider"/>.</summary>
    private static readonly object s_marker = new();

    /// <summary>The virtual timeout of each other source given a <c>CancelAfter</c> under exploration.</summary>
    private static readonly ConditionalWeakTable<CancellationTokenSource, VirtualTimer> s_timeouts = [];

    /// <summary>Stands in for <see cref="CancellationTokenSource(TimeSpan)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static CancellationTokenSource Create(TimeSpan delay) =>
        VirtualClock.Current is { } clock ? WithProvider(new CancellationTokenSource(delay, clock.Provider)) : new CancellationTokenSource(delay);

    /// <summary>Stands in for <see cref="CancellationTokenSource(int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsDelay"/> is below -1.</exception>
    public static CancellationTokenSource Create(int millisecondsDelay)
    {
        if (VirtualClock.Current is not { } clock)
        {
            return new CancellationTokenSource(millisecondsDelay);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsDelay, -1);
        return WithProvider(new CancellationTokenSource(TimeArguments.FromMilliseconds(millisecondsDelay, nameof(millisecondsDelay)), clock.Provider));
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource(TimeSpan, TimeProvider)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static CancellationTokenSource Create(TimeSpan delay, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return WithProvider(new CancellationTokenSource(delay, DelayModel.ClockFor(timeProvider)?.Provider ?? timeProvider));
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="source"/> is null, as for an instance call.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="source"/> was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static void CancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        if (source is null)
        {
            throw new NullReferenceException();
        }

        if (VirtualClock.Current is not { } clock || s_withProvider.TryGetValue(source, out _))
        {
            source.CancelAfter(delay);
            return;
        }

        TimeArguments.Validate(delay, nameof(delay));
        _ = source.Token; // throws ObjectDisposedException for a disposed source, as CancelAfter does
        if (source.IsCancellationRequested)
        {
            return;
        }

        var timeout = s_timeouts.GetValue(source, s => new VirtualTimer(clock, static state => Cancel((CancellationTokenSource)state!), s, isOwnerGone: () => IsDisposed(s)));
        timeout.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource.CancelAfter(int)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="source"/> is null, as for an instance call.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="source"/> was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsDelay"/> is below -1.</exception>
    public static void CancelAfter(CancellationTokenSource source, int millisecondsDelay)
    {
        if (source is null)
        {
            throw new NullReferenceException();
        }

        if (VirtualClock.Current is null || s_withProvider.TryGetValue(source, out _))
        {
            source.CancelAfter(millisecondsDelay);
            return;
        }

        CancelAfter(source, TimeArguments.FromMilliseconds(millisecondsDelay, nameof(millisecondsDelay)));
    }

    private static CancellationTokenSource WithProvider(CancellationTokenSource source)
    {
        s_withProvider.AddOrUpdate(source, s_marker);
        return source;
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            // Through the race hook: the cancellation happens-before its observers and callbacks.
            CancellationHooks.Cancel(source, throwOnFirstException: false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed after the timer fired: a real source's timer would have been disposed with it.
        }
    }

    /// <summary>Whether <paramref name="source"/> was disposed: only then does <see cref="CancellationTokenSource.Token"/> throw.</summary>
    private static bool IsDisposed(CancellationTokenSource source)
    {
        try
        {
            _ = source.Token;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
