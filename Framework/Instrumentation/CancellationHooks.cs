using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for <see cref="CancellationTokenSource.Cancel()"/>, the callbacks registered with
/// <see cref="CancellationToken.Register(Action)"/>, and the ways code observes a cancellation.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects calls of these methods here. With no detector recording the calling
/// thread, each hook is the call it replaces.</para>
/// <para>Each registered callback runs as a logical task of its own, as it would on a timer's or another task's thread: it
/// starts after the <c>Register</c> call and after the cancellation that runs it, and the <c>Cancel</c> that ran it
/// returns after it. A source made by <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken)"/>
/// is cancelled by its parents: observing its cancellation observes theirs too.</para>
/// <para>Known gap: a source cancelled by its own timeout (<c>new CancellationTokenSource(delay)</c>) is cancelled by the
/// runtime, not through <c>Cancel</c>: observers and callbacks are ordered after the code that armed the timeout only
/// through the edges that ordered them after the source's creation.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> a <c>Cancel</c> (or <c>CancelAsync</c>) that cancels the source, and everything its logical task
/// did before, happens-before each callback it runs and before every observation of the cancellation:
/// <c>IsCancellationRequested</c> returning <see langword="true"/>, <c>ThrowIfCancellationRequested</c> throwing, and an
/// <c>await</c> that throws the token's <see cref="OperationCanceledException"/>. A <c>Register</c> call happens-before its
/// callback, and the callbacks a <c>Cancel</c> ran happen-before the code after it.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class CancellationHooks
{
    private const string CallbackApi = "a cancellation callback registered";

    /// <summary>Stands in for <see cref="CancellationTokenSource.Cancel()"/>.</summary>
    /// <param name="source">The source.</param>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.Cancel))]
    public static void Cancel(CancellationTokenSource source)
    {
        var canceller = Cancelling(source);
        try
        {
            source.Cancel();
        }
        finally
        {
            CallbacksRan(canceller, source);
        }
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource.Cancel(bool)"/>.</summary>
    /// <param name="source">The source.</param>
    /// <param name="throwOnFirstException">Whether the first exception of a callback stops the others.</param>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.Cancel))]
    public static void Cancel(CancellationTokenSource source, bool throwOnFirstException)
    {
        var canceller = Cancelling(source);
        try
        {
            source.Cancel(throwOnFirstException);
        }
        finally
        {
            CallbacksRan(canceller, source);
        }
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource.CancelAsync"/>: the callbacks run later, on another thread.</summary>
    /// <param name="source">The source.</param>
    /// <returns>The task of the callbacks.</returns>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CancelAsync))]
    public static Task CancelAsync(CancellationTokenSource source)
    {
        Cancelling(source);
        return source.CancelAsync();
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource.IsCancellationRequested"/>.</summary>
    /// <param name="source">The source.</param>
    /// <returns>Whether the source was cancelled.</returns>
    [ReplacesCall(typeof(CancellationTokenSource), "get_IsCancellationRequested")]
    public static bool IsCancellationRequested(CancellationTokenSource source) => ObservedIf(source, source.IsCancellationRequested);

    /// <summary>Stands in for <see cref="CancellationToken.IsCancellationRequested"/>.</summary>
    /// <param name="token">The token.</param>
    /// <returns>Whether its source was cancelled.</returns>
    [ReplacesCall(typeof(CancellationToken), "get_IsCancellationRequested")]
    public static bool IsCancellationRequested(ref CancellationToken token) => ObservedIf(SourceOf(token), token.IsCancellationRequested);

    /// <summary>Stands in for <see cref="CancellationToken.ThrowIfCancellationRequested"/>.</summary>
    /// <param name="token">The token.</param>
    /// <exception cref="OperationCanceledException">The token's source was cancelled.</exception>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.ThrowIfCancellationRequested))]
    public static void ThrowIfCancellationRequested(ref CancellationToken token)
    {
        ObservedIf(SourceOf(token), token.IsCancellationRequested);
        token.ThrowIfCancellationRequested();
    }

    /// <summary>Stands in for <see cref="CancellationToken.Register(Action)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.Register))]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action callback, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.Register(callback);
        }

        return Registered(token, token.Register(body.InvokeAction));
    }

    /// <summary>Stands in for <see cref="CancellationToken.Register(Action, bool)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="useSynchronizationContext">Whether to run the callback in the current synchronization context.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.Register))]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action callback, bool useSynchronizationContext, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.Register(callback, useSynchronizationContext);
        }

        return Registered(token, token.Register(body.InvokeAction, useSynchronizationContext));
    }

    /// <summary>Stands in for <see cref="CancellationToken.Register(Action{object}, object)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.Register))]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action<object?> callback, object? state, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.Register(callback, state);
        }

        return Registered(token, token.Register(body.InvokeWithState, state));
    }

    /// <summary>Stands in for <see cref="CancellationToken.Register(Action{object}, object, bool)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="useSynchronizationContext">Whether to run the callback in the current synchronization context.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.Register))]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action<object?> callback, object? state, bool useSynchronizationContext, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.Register(callback, state, useSynchronizationContext);
        }

        return Registered(token, token.Register(body.InvokeWithState, state, useSynchronizationContext));
    }

    /// <summary>Stands in for <see cref="CancellationToken.Register(Action{object, CancellationToken}, object)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.Register))]
    public static CancellationTokenRegistration Register(ref CancellationToken token, Action<object?, CancellationToken> callback, object? state, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.Register(callback, state);
        }

        return Registered(token, token.Register(body.InvokeWithStateAndToken, state));
    }

    /// <summary>Stands in for <see cref="CancellationToken.UnsafeRegister(Action{object}, object)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.UnsafeRegister))]
    public static CancellationTokenRegistration UnsafeRegister(ref CancellationToken token, Action<object?> callback, object? state, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.UnsafeRegister(callback, state);
        }

        return Registered(token, token.UnsafeRegister(body.InvokeWithState, state));
    }

    /// <summary>Stands in for <see cref="CancellationToken.UnsafeRegister(Action{object, CancellationToken}, object)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The registration.</returns>
    [ReplacesCall(typeof(CancellationToken), nameof(CancellationToken.UnsafeRegister))]
    public static CancellationTokenRegistration UnsafeRegister(ref CancellationToken token, Action<object?, CancellationToken> callback, object? state, string spawnSite)
    {
        if (Callback(token, callback, spawnSite) is not { } body)
        {
            return token.UnsafeRegister(callback, state);
        }

        return Registered(token, token.UnsafeRegister(body.InvokeWithStateAndToken, state));
    }

    /// <summary>Stands in for <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken)"/>.</summary>
    /// <param name="token">The parent token.</param>
    /// <returns>The linked source.</returns>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CreateLinkedTokenSource))]
    public static CancellationTokenSource CreateLinkedTokenSource(CancellationToken token) =>
        Linked(CancellationTokenSource.CreateLinkedTokenSource(token), [token]);

    /// <summary>Stands in for <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, CancellationToken)"/>.</summary>
    /// <param name="token1">The first parent token.</param>
    /// <param name="token2">The second parent token.</param>
    /// <returns>The linked source.</returns>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CreateLinkedTokenSource))]
    public static CancellationTokenSource CreateLinkedTokenSource(CancellationToken token1, CancellationToken token2) =>
        Linked(CancellationTokenSource.CreateLinkedTokenSource(token1, token2), [token1, token2]);

    /// <summary>Stands in for <see cref="CancellationTokenSource.CreateLinkedTokenSource(CancellationToken[])"/>.</summary>
    /// <param name="tokens">The parent tokens.</param>
    /// <returns>The linked source.</returns>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CreateLinkedTokenSource))]
    public static CancellationTokenSource CreateLinkedTokenSource(params CancellationToken[] tokens) =>
        Linked(CancellationTokenSource.CreateLinkedTokenSource(tokens), tokens);

    /// <summary>Stands in for <see cref="CancellationTokenSource.CreateLinkedTokenSource(ReadOnlySpan{CancellationToken})"/>.</summary>
    /// <param name="tokens">The parent tokens.</param>
    /// <returns>The linked source.</returns>
    [ReplacesCall(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CreateLinkedTokenSource))]
    public static CancellationTokenSource CreateLinkedTokenSource(params ReadOnlySpan<CancellationToken> tokens) =>
        Linked(CancellationTokenSource.CreateLinkedTokenSource(tokens), tokens);

    /// <summary>Records that the calling logical task observed that <paramref name="token"/> was cancelled (an
    /// <see cref="OperationCanceledException"/> carrying it reached an <c>await</c>).</summary>
    /// <returns>Always <see langword="false"/>, so that it can serve as an exception filter.</returns>
    internal static bool ObservedCancellation(CancellationToken token)
    {
        ObservedIf(SourceOf(token), token.IsCancellationRequested);
        return false;
    }

    /// <summary>The source of <paramref name="token"/>, or <see langword="null"/> for a token that cannot be cancelled.</summary>
    private static CancellationTokenSource? SourceOf(CancellationToken token) => SourceField(ref token);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_source")]
    private static extern ref CancellationTokenSource? SourceField(ref CancellationToken token);

    /// <summary>Releases what the calling logical task did into <paramref name="source"/>'s cancellation, if this call is
    /// the one that cancels it (a second <c>Cancel</c> changes nothing and publishes nothing).</summary>
    /// <returns>The calling logical task, or <see langword="null"/>.</returns>
    private static LogicalTask? Cancelling(CancellationTokenSource? source)
    {
        if (source is null || RaceHooks.Current is not { } task)
        {
            return null;
        }

        if (!source.IsCancellationRequested)
        {
            task.Owner.Release(task, task.Owner.PointOf(source, SyncRole.Cancellation));
        }

        return task;
    }

    /// <summary>The callbacks that <c>Cancel</c> ran on this thread returned: what they did happens-before the code after it.</summary>
    private static void CallbacksRan(LogicalTask? canceller, CancellationTokenSource source)
    {
        if (canceller is not null)
        {
            canceller.Owner.Acquire(canceller, canceller.Owner.PointOf(source, SyncRole.CancellationCallbacks));
        }
    }

    /// <summary>Records, if <paramref name="cancelled"/>, that the calling logical task observed the cancellation of
    /// <paramref name="source"/>, and of the sources it is linked to.</summary>
    private static bool ObservedIf(CancellationTokenSource? source, bool cancelled)
    {
        if (cancelled && source is not null && RaceHooks.Current is { } task)
        {
            Observed(task, source, depth: 0);
        }

        return cancelled;
    }

    private static void Observed(LogicalTask task, object source, int depth)
    {
        task.Owner.Acquire(task, task.Owner.PointOf(source, SyncRole.Cancellation));

        // Links form a DAG of a few levels; the bound only guards against a cycle.
        if (depth < 16)
        {
            foreach (var parent in task.Owner.StateOf(source, static () => new SyncLinks()).Parents())
            {
                Observed(task, parent, depth + 1);
            }
        }
    }

    /// <summary>The wrapper that runs <paramref name="callback"/> as a logical task of its own, or <see langword="null"/> when
    /// nothing is recorded (or the token cannot be cancelled).</summary>
    private static ForkedBody? Callback(CancellationToken token, Delegate? callback, string spawnSite)
    {
        if (callback is null || SourceOf(token) is not { } source || RaceHooks.Current is not { } registrar)
        {
            return null;
        }

        var detector = registrar.Owner;
        return new ForkedBody(registrar, CallbackApi, spawnSite, callback)
        {
            AlsoAfter = child => Observed(child, source, depth: 0),
            AlsoAtExit = child => detector.Release(child, detector.PointOf(source, SyncRole.CancellationCallbacks)),
        };
    }

    /// <summary>A callback registered on a cancelled token ran inside <c>Register</c>: the registrar continues after it.</summary>
    private static CancellationTokenRegistration Registered(CancellationToken token, CancellationTokenRegistration registration)
    {
        if (token.IsCancellationRequested && SourceOf(token) is { } source && RaceHooks.Current is { } registrar)
        {
            registrar.Owner.Acquire(registrar, registrar.Owner.PointOf(source, SyncRole.CancellationCallbacks));
        }

        return registration;
    }

    private static CancellationTokenSource Linked(CancellationTokenSource linked, ReadOnlySpan<CancellationToken> parents)
    {
        if (RaceHooks.Current is { } task)
        {
            var links = task.Owner.StateOf(linked, static () => new SyncLinks());
            foreach (var parent in parents)
            {
                if (SourceOf(parent) is { } source)
                {
                    links.Add(source);
                }
            }
        }

        return linked;
    }
}
