using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using CoyoteFactory = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskFactory;
using CoyoteTask = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the controlled <c>Task.Run</c> and <c>Task.Factory.StartNew</c>: the body runs as a
/// new logical task that starts after the call, and the returned task's completion is the body's.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made to its controlled task API
/// here. With no detector recording the calling thread, each hook is the controlled call it replaces.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> what the caller did before the call happens-before the body; the body happens-before every
/// <c>await</c>, <c>Wait</c> or <c>Result</c> of the returned task (of the task an async body returns, for
/// <c>Task.Run(async () =&gt; ...)</c>).</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class TaskForkHooks
{
    private const string Run = "Task.Run";

    private const string StartNew = "Task.Factory.StartNew";

    /// <summary>Stands in for <c>Task.Run(Action)</c>.</summary>
    /// <param name="action">The body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task RunAction(Action action, string spawnSite) => RunAction(action, default, spawnSite);

    /// <summary>Stands in for <c>Task.Run(Action, CancellationToken)</c>.</summary>
    /// <param name="action">The body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task RunAction(Action action, CancellationToken cancellationToken, string spawnSite)
    {
        if (action is null || RaceHooks.Current is not { } parent)
        {
            return CoyoteTask.Run(action!, cancellationToken);
        }

        var body = new ForkedBody(parent, Run, spawnSite, action);
        return Registered(parent, CoyoteTask.Run(new Action(body.InvokeAction), cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task.Run&lt;TResult&gt;(Func&lt;TResult&gt;)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="function">The body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task<TResult> RunFunc<TResult>(Func<TResult> function, string spawnSite) => RunFunc(function, default, spawnSite);

    /// <summary>Stands in for <c>Task.Run&lt;TResult&gt;(Func&lt;TResult&gt;, CancellationToken)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="function">The body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task<TResult> RunFunc<TResult>(Func<TResult> function, CancellationToken cancellationToken, string spawnSite)
    {
        if (function is null || RaceHooks.Current is not { } parent)
        {
            return CoyoteTask.Run(function!, cancellationToken);
        }

        var body = new ForkedBody<TResult>(parent, Run, spawnSite, function);
        return Registered(parent, CoyoteTask.Run(new Func<TResult>(body.InvokeFunc), cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task.Run(Func&lt;Task&gt;)</c>.</summary>
    /// <param name="function">The async body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The proxy of the task the body returns.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task RunAsync(Func<Task> function, string spawnSite) => RunAsync(function, default, spawnSite);

    /// <summary>Stands in for <c>Task.Run(Func&lt;Task&gt;, CancellationToken)</c>.</summary>
    /// <param name="function">The async body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The proxy of the task the body returns.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task RunAsync(Func<Task> function, CancellationToken cancellationToken, string spawnSite)
    {
        if (function is null || RaceHooks.Current is not { } parent)
        {
            return CoyoteTask.Run(function!, cancellationToken);
        }

        var body = new ForkedBody(parent, Run, spawnSite, function);
        return Registered(parent, CoyoteTask.Run(new Func<Task>(body.InvokeAsync), cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task.Run&lt;TResult&gt;(Func&lt;Task&lt;TResult&gt;&gt;)</c>.</summary>
    /// <typeparam name="TResult">The result type of the body's task.</typeparam>
    /// <param name="function">The async body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The proxy of the task the body returns.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task<TResult> RunAsyncFunc<TResult>(Func<Task<TResult>> function, string spawnSite) =>
        RunAsyncFunc(function, default, spawnSite);

    /// <summary>Stands in for <c>Task.Run&lt;TResult&gt;(Func&lt;Task&lt;TResult&gt;&gt;, CancellationToken)</c>.</summary>
    /// <typeparam name="TResult">The result type of the body's task.</typeparam>
    /// <param name="function">The async body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The proxy of the task the body returns.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Run))]
    public static Task<TResult> RunAsyncFunc<TResult>(Func<Task<TResult>> function, CancellationToken cancellationToken, string spawnSite)
    {
        if (function is null || RaceHooks.Current is not { } parent)
        {
            return CoyoteTask.Run(function!, cancellationToken);
        }

        var body = new ForkedBody<TResult>(parent, Run, spawnSite, function);
        return Registered(parent, CoyoteTask.Run(new Func<Task<TResult>>(body.InvokeAsyncFunc), cancellationToken), body);
    }

    /// <summary>Stands in for <c>Task.Factory.StartNew(Action)</c>.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="action">The body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task StartAction(TaskFactory factory, Action action, string spawnSite) =>
        Start(action, spawnSite, static (f, a) => CoyoteFactory.StartNew(f, a), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew(Action, CancellationToken)</c>.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="action">The body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task StartAction(TaskFactory factory, Action action, CancellationToken cancellationToken, string spawnSite) =>
        Start(action, spawnSite, (f, a) => CoyoteFactory.StartNew(f, a, cancellationToken), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew(Action, TaskCreationOptions)</c>.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="action">The body.</param>
    /// <param name="creationOptions">The task's creation options.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task StartAction(TaskFactory factory, Action action, TaskCreationOptions creationOptions, string spawnSite) =>
        Start(action, spawnSite, (f, a) => CoyoteFactory.StartNew(f, a, creationOptions), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew(Action, CancellationToken, TaskCreationOptions, TaskScheduler)</c>.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="action">The body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="creationOptions">The task's creation options.</param>
    /// <param name="scheduler">The scheduler.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task StartAction(TaskFactory factory, Action action, CancellationToken cancellationToken,
        TaskCreationOptions creationOptions, TaskScheduler scheduler, string spawnSite) =>
        Start(action, spawnSite, (f, a) => CoyoteFactory.StartNew(f, a, cancellationToken, creationOptions, scheduler), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew(Action&lt;object&gt;, object)</c>.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="action">The body.</param>
    /// <param name="state">The body's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task StartActionWithState(TaskFactory factory, Action<object?> action, object? state, string spawnSite)
    {
        if (action is null || RaceHooks.Current is not { } parent)
        {
            return CoyoteFactory.StartNew(factory, action!, state);
        }

        var body = new ForkedBody(parent, StartNew, spawnSite, action);
        return Registered(parent, CoyoteFactory.StartNew(factory, new Action<object?>(body.InvokeWithState), state), body);
    }

    /// <summary>Stands in for <c>Task.Factory.StartNew&lt;TResult&gt;(Func&lt;TResult&gt;)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="factory">The factory.</param>
    /// <param name="function">The body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task<TResult> StartFunc<TResult>(TaskFactory factory, Func<TResult> function, string spawnSite) =>
        Start(function, spawnSite, static (f, b) => CoyoteFactory.StartNew(f, b), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew&lt;TResult&gt;(Func&lt;TResult&gt;, CancellationToken)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="factory">The factory.</param>
    /// <param name="function">The body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task<TResult> StartFunc<TResult>(TaskFactory factory, Func<TResult> function, CancellationToken cancellationToken, string spawnSite) =>
        Start(function, spawnSite, (f, b) => CoyoteFactory.StartNew(f, b, cancellationToken), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew&lt;TResult&gt;(Func&lt;TResult&gt;, TaskCreationOptions)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="factory">The factory.</param>
    /// <param name="function">The body.</param>
    /// <param name="creationOptions">The task's creation options.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task<TResult> StartFunc<TResult>(TaskFactory factory, Func<TResult> function, TaskCreationOptions creationOptions, string spawnSite) =>
        Start(function, spawnSite, (f, b) => CoyoteFactory.StartNew(f, b, creationOptions), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew&lt;TResult&gt;(Func&lt;TResult&gt;, CancellationToken, TaskCreationOptions, TaskScheduler)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="factory">The factory.</param>
    /// <param name="function">The body.</param>
    /// <param name="cancellationToken">Cancels the task before it starts.</param>
    /// <param name="creationOptions">The task's creation options.</param>
    /// <param name="scheduler">The scheduler.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task<TResult> StartFunc<TResult>(TaskFactory factory, Func<TResult> function, CancellationToken cancellationToken,
        TaskCreationOptions creationOptions, TaskScheduler scheduler, string spawnSite) =>
        Start(function, spawnSite, (f, b) => CoyoteFactory.StartNew(f, b, cancellationToken, creationOptions, scheduler), factory);

    /// <summary>Stands in for <c>Task.Factory.StartNew&lt;TResult&gt;(Func&lt;object, TResult&gt;, object)</c>.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    /// <param name="factory">The factory.</param>
    /// <param name="function">The body.</param>
    /// <param name="state">The body's argument.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The task of the body.</returns>
    [ReplacesCall(typeof(CoyoteFactory), nameof(CoyoteFactory.StartNew))]
    public static Task<TResult> StartFuncWithState<TResult>(TaskFactory factory, Func<object?, TResult> function, object? state, string spawnSite)
    {
        if (function is null || RaceHooks.Current is not { } parent)
        {
            return CoyoteFactory.StartNew(factory, function!, state);
        }

        var body = new ForkedBody<TResult>(parent, StartNew, spawnSite, function);
        return Registered(parent, CoyoteFactory.StartNew(factory, new Func<object?, TResult>(body.InvokeFuncWithState), state), body);
    }

    private static Task Start(Action action, string spawnSite, Func<TaskFactory, Action, Task> start, TaskFactory factory)
    {
        if (action is null || RaceHooks.Current is not { } parent)
        {
            return start(factory, action!);
        }

        var body = new ForkedBody(parent, StartNew, spawnSite, action);
        return Registered(parent, start(factory, body.InvokeAction), body);
    }

    private static Task<TResult> Start<TResult>(Func<TResult> function, string spawnSite, Func<TaskFactory, Func<TResult>, Task<TResult>> start, TaskFactory factory)
    {
        if (function is null || RaceHooks.Current is not { } parent)
        {
            return start(factory, function!);
        }

        var body = new ForkedBody<TResult>(parent, StartNew, spawnSite, function);
        return Registered(parent, start(factory, body.InvokeFunc), body);
    }

    private static TTask Registered<TTask>(LogicalTask parent, TTask task, ForkedBody body)
        where TTask : Task
    {
        parent.Owner.Register(task, body.Completion);
        return task;
    }
}
