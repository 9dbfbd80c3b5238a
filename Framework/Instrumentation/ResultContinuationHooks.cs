using System.ComponentModel;
using Microsoft.Coyote.Rewriting;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for <see cref="Task{TResult}.ContinueWith(Action{Task{TResult}})"/> and its overloads on
/// <see cref="Task{TResult}"/>: as <see cref="ContinuationHooks"/> does for <see cref="Task"/>.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls here. With no detector recording the calling thread, each
/// hook is the call it replaces. Coyote 1.7.11 does not control <c>ContinueWith</c> and reports it as an uncontrolled
/// call; the hooks only add its happens-before edges.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> what the caller did before <c>ContinueWith</c>, and the antecedent's completion (its body,
/// for a task started by <c>Task.Run</c>, an async method or a <c>TaskCompletionSource</c>), happen-before the continuation;
/// the continuation happens-before every observation of the task <c>ContinueWith</c> returns.</para>
/// </remarks>
/// <seealso cref="ContinuationHooks"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class ResultContinuationHooks
{
    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;&gt;</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>> continuationAction, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationAction(t))), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;&gt;</c> and <c>CancellationToken</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>> continuationAction, CancellationToken cancellationToken, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, cancellationToken);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationAction(t)), cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;&gt;</c> and <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>> continuationAction, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationAction(t)), scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;&gt;</c> and <c>TaskContinuationOptions</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>> continuationAction, TaskContinuationOptions continuationOptions, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, continuationOptions);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationAction(t)), continuationOptions), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;&gt;</c> and <c>CancellationToken</c>, <c>TaskContinuationOptions</c>, <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>> continuationAction, CancellationToken cancellationToken, TaskContinuationOptions continuationOptions, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, cancellationToken, continuationOptions, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationAction(t)), cancellationToken, continuationOptions, scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;, object?&gt;</c> and a state.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>, object?> continuationAction, object? state, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, state);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationAction(t, s)), state), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;, object?&gt;</c> and a state, <c>CancellationToken</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>, object?> continuationAction, object? state, CancellationToken cancellationToken, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, state, cancellationToken);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationAction(t, s)), state, cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;, object?&gt;</c> and a state, <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>, object?> continuationAction, object? state, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, state, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationAction(t, s)), state, scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;, object?&gt;</c> and a state, <c>TaskContinuationOptions</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>, object?> continuationAction, object? state, TaskContinuationOptions continuationOptions, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, state, continuationOptions);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationAction(t, s)), state, continuationOptions), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Action&lt;Task&lt;TResult&gt;, object?&gt;</c> and a state, <c>CancellationToken</c>, <c>TaskContinuationOptions</c>, <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationAction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task ContinueWith<TResult>(Task<TResult> antecedent, Action<Task<TResult>, object?> continuationAction, object? state, CancellationToken cancellationToken, TaskContinuationOptions continuationOptions, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationAction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationAction, state, cancellationToken, continuationOptions, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationAction(t, s)), state, cancellationToken, continuationOptions, scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, TNewResult&gt;</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, TNewResult> continuationFunction, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationFunction(t))), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, TNewResult&gt;</c> and <c>CancellationToken</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, TNewResult> continuationFunction, CancellationToken cancellationToken, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, cancellationToken);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationFunction(t)), cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, TNewResult&gt;</c> and <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, TNewResult> continuationFunction, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationFunction(t)), scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, TNewResult&gt;</c> and <c>TaskContinuationOptions</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, TNewResult> continuationFunction, TaskContinuationOptions continuationOptions, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, continuationOptions);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationFunction(t)), continuationOptions), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, TNewResult&gt;</c> and <c>CancellationToken</c>, <c>TaskContinuationOptions</c>, <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, TNewResult> continuationFunction, CancellationToken cancellationToken, TaskContinuationOptions continuationOptions, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, cancellationToken, continuationOptions, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith(t => body.Run(() => continuationFunction(t)), cancellationToken, continuationOptions, scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, object?, TNewResult&gt;</c> and a state.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, object?, TNewResult> continuationFunction, object? state, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, state);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationFunction(t, s)), state), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, object?, TNewResult&gt;</c> and a state, <c>CancellationToken</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, object?, TNewResult> continuationFunction, object? state, CancellationToken cancellationToken, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, state, cancellationToken);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationFunction(t, s)), state, cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, object?, TNewResult&gt;</c> and a state, <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, object?, TNewResult> continuationFunction, object? state, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, state, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationFunction(t, s)), state, scheduler), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, object?, TNewResult&gt;</c> and a state, <c>TaskContinuationOptions</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, object?, TNewResult> continuationFunction, object? state, TaskContinuationOptions continuationOptions, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, state, continuationOptions);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationFunction(t, s)), state, continuationOptions), body);
    }

    /// <summary>Stands in for <c>Task&lt;TResult&gt;.ContinueWith</c> with <c>Func&lt;Task&lt;TResult&gt;, object?, TNewResult&gt;</c> and a state, <c>CancellationToken</c>, <c>TaskContinuationOptions</c>, <c>TaskScheduler</c>.</summary>
    /// <typeparam name="TResult">The antecedent's result type.</typeparam>
    /// <typeparam name="TNewResult">The continuation's result type.</typeparam>
    /// <param name="antecedent">The task to continue.</param>
    /// <param name="continuationFunction">The continuation.</param>
    /// <param name="state">The continuation's argument.</param>
    /// <param name="cancellationToken">Cancels the continuation before it starts.</param>
    /// <param name="continuationOptions">When and how the continuation runs.</param>
    /// <param name="scheduler">The scheduler the continuation runs on.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The continuation's task.</returns>
    [ReplacesCall(typeof(Task<>), nameof(Task.ContinueWith))]
    public static Task<TNewResult> ContinueWith<TResult, TNewResult>(Task<TResult> antecedent, Func<Task<TResult>, object?, TNewResult> continuationFunction, object? state, CancellationToken cancellationToken, TaskContinuationOptions continuationOptions, TaskScheduler scheduler, string spawnSite)
    {
        if (ContinuationHooks.Fork(antecedent, continuationFunction, spawnSite) is not { } body)
        {
            return antecedent.ContinueWith(continuationFunction, state, cancellationToken, continuationOptions, scheduler);
        }

        return ContinuationHooks.Registered(antecedent.ContinueWith((t, s) => body.Run(() => continuationFunction(t, s)), state, cancellationToken, continuationOptions, scheduler), body);
    }
}
