using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using CoyoteTask = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the controlled ways of waiting for a task (<c>Wait</c>, <c>Result</c>,
/// <c>WaitAll</c>, <c>WaitAny</c>) and of combining tasks (<c>WhenAll</c>, <c>WhenAny</c>).</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made here. With no detector
/// recording the calling thread, each hook is the call it replaces.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> a completed task's completion happens-before what follows <c>Wait</c>, <c>Result</c>,
/// <c>WaitAll</c> (every task), <c>WaitAny</c> (the task it returns); a <c>WhenAll</c> task completes after all its
/// tasks, a <c>WhenAny</c> task after its winner.</para>
/// <seealso cref="AsyncMethodHooks"/>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class TaskJoinHooks
{
    /// <summary>Stands in for <c>Task.Result</c>.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The task's result.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task<>), "get_Result")]
    public static TResult ResultOf<TResult>(Task<TResult> task)
    {
        try
        {
            return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task<TResult>.get_Result(task);
        }
        finally
        {
            Join(task);
        }
    }

    /// <summary>Stands in for <c>ValueTask&lt;TResult&gt;.Result</c>: joins the task the value task wraps, if any.</summary>
    /// <typeparam name="TResult">The value task's result type.</typeparam>
    /// <param name="task">The value task.</param>
    /// <returns>Its result.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.ValueTask<>), "get_Result")]
    public static TResult ValueResultOf<TResult>(ref ValueTask<TResult> task)
    {
        var wrapped = ValueTaskTask<TResult>.Of(task);
        try
        {
            return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.ValueTask<TResult>.get_Result(ref task);
        }
        finally
        {
            if (wrapped is not null)
            {
                Join(wrapped);
            }
        }
    }

    /// <summary>Stands in for <c>Task.Wait()</c>.</summary>
    /// <param name="task">The task.</param>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Wait))]
    public static void Wait(Task task)
    {
        try
        {
            CoyoteTask.Wait(task);
        }
        finally
        {
            Join(task);
        }
    }

    /// <summary>Stands in for <c>Task.Wait(TimeSpan)</c>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether the task completed in time.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Wait))]
    public static bool Wait(Task task, TimeSpan timeout)
    {
        try
        {
            return CoyoteTask.Wait(task, timeout);
        }
        finally
        {
            Join(task);
        }
    }

    /// <summary>Stands in for <c>Task.Wait(int)</c>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>Whether the task completed in time.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Wait))]
    public static bool Wait(Task task, int millisecondsTimeout)
    {
        try
        {
            return CoyoteTask.Wait(task, millisecondsTimeout);
        }
        finally
        {
            Join(task);
        }
    }

    /// <summary>Stands in for <c>Task.Wait(CancellationToken)</c>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Wait))]
    public static void Wait(Task task, CancellationToken cancellationToken)
    {
        try
        {
            CoyoteTask.Wait(task, cancellationToken);
        }
        finally
        {
            Join(task);
        }
    }

    /// <summary>Stands in for <c>Task.Wait(int, CancellationToken)</c>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the task completed in time.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.Wait))]
    public static bool Wait(Task task, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return CoyoteTask.Wait(task, millisecondsTimeout, cancellationToken);
        }
        finally
        {
            Join(task);
        }
    }

    /// <summary>Stands in for <c>Task.WaitAll(Task[])</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAll))]
    public static void WaitAll(Task[] tasks)
    {
        try
        {
            CoyoteTask.WaitAll(tasks);
        }
        finally
        {
            JoinAll(tasks);
        }
    }

    /// <summary>Stands in for <c>Task.WaitAll(Task[], TimeSpan)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether all completed in time.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAll))]
    public static bool WaitAll(Task[] tasks, TimeSpan timeout)
    {
        try
        {
            return CoyoteTask.WaitAll(tasks, timeout);
        }
        finally
        {
            JoinAll(tasks);
        }
    }

    /// <summary>Stands in for <c>Task.WaitAll(Task[], int)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>Whether all completed in time.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAll))]
    public static bool WaitAll(Task[] tasks, int millisecondsTimeout)
    {
        try
        {
            return CoyoteTask.WaitAll(tasks, millisecondsTimeout);
        }
        finally
        {
            JoinAll(tasks);
        }
    }

    /// <summary>Stands in for <c>Task.WaitAll(Task[], CancellationToken)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAll))]
    public static void WaitAll(Task[] tasks, CancellationToken cancellationToken)
    {
        try
        {
            CoyoteTask.WaitAll(tasks, cancellationToken);
        }
        finally
        {
            JoinAll(tasks);
        }
    }

    /// <summary>Stands in for <c>Task.WaitAll(Task[], int, CancellationToken)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether all completed in time.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAll))]
    public static bool WaitAll(Task[] tasks, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return CoyoteTask.WaitAll(tasks, millisecondsTimeout, cancellationToken);
        }
        finally
        {
            JoinAll(tasks);
        }
    }

    /// <summary>Stands in for <c>Task.WaitAny(Task[])</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>The index of the task that completed.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAny))]
    public static int WaitAny(Task[] tasks) => JoinWinner(tasks, CoyoteTask.WaitAny(tasks));

    /// <summary>Stands in for <c>Task.WaitAny(Task[], TimeSpan)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The index of the task that completed, or -1.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAny))]
    public static int WaitAny(Task[] tasks, TimeSpan timeout) => JoinWinner(tasks, CoyoteTask.WaitAny(tasks, timeout));

    /// <summary>Stands in for <c>Task.WaitAny(Task[], int)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>The index of the task that completed, or -1.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAny))]
    public static int WaitAny(Task[] tasks, int millisecondsTimeout) => JoinWinner(tasks, CoyoteTask.WaitAny(tasks, millisecondsTimeout));

    /// <summary>Stands in for <c>Task.WaitAny(Task[], CancellationToken)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The index of the task that completed.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAny))]
    public static int WaitAny(Task[] tasks, CancellationToken cancellationToken) => JoinWinner(tasks, CoyoteTask.WaitAny(tasks, cancellationToken));

    /// <summary>Stands in for <c>Task.WaitAny(Task[], int, CancellationToken)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The index of the task that completed, or -1.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WaitAny))]
    public static int WaitAny(Task[] tasks, int millisecondsTimeout, CancellationToken cancellationToken) =>
        JoinWinner(tasks, CoyoteTask.WaitAny(tasks, millisecondsTimeout, cancellationToken));

    /// <summary>Stands in for <c>Task.WhenAll(Task[])</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task that completes after all of them.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAll))]
    public static Task WhenAll(Task[] tasks) => AllOf(CoyoteTask.WhenAll(tasks), tasks);

    /// <summary>Stands in for <c>Task.WhenAll(IEnumerable&lt;Task&gt;)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task that completes after all of them.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAll))]
    public static Task WhenAll(IEnumerable<Task> tasks)
    {
        var all = tasks?.ToArray();
        return AllOf(CoyoteTask.WhenAll(all!), all);
    }

    /// <summary>Stands in for <c>Task.WhenAll&lt;TResult&gt;(Task&lt;TResult&gt;[])</c>.</summary>
    /// <typeparam name="TResult">The tasks' result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task that completes after all of them, with their results.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAll))]
    public static Task<TResult[]> WhenAllOf<TResult>(Task<TResult>[] tasks) => AllOf(CoyoteTask.WhenAll(tasks), tasks);

    /// <summary>Stands in for <c>Task.WhenAll&lt;TResult&gt;(IEnumerable&lt;Task&lt;TResult&gt;&gt;)</c>.</summary>
    /// <typeparam name="TResult">The tasks' result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task that completes after all of them, with their results.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAll))]
    public static Task<TResult[]> WhenAllOf<TResult>(IEnumerable<Task<TResult>> tasks)
    {
        var all = tasks?.ToArray();
        return AllOf(CoyoteTask.WhenAll(all!), all);
    }

    /// <summary>Stands in for <c>Task.WhenAny(Task[])</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task whose result is the first task to complete.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAny))]
    public static Task<Task> WhenAny(Task[] tasks) => AnyOf(CoyoteTask.WhenAny(tasks));

    /// <summary>Stands in for <c>Task.WhenAny(IEnumerable&lt;Task&gt;)</c>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task whose result is the first task to complete.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAny))]
    public static Task<Task> WhenAny(IEnumerable<Task> tasks) => AnyOf(CoyoteTask.WhenAny(tasks));

    /// <summary>Stands in for <c>Task.WhenAny(Task, Task)</c>.</summary>
    /// <param name="task1">The first task.</param>
    /// <param name="task2">The second task.</param>
    /// <returns>A task whose result is the first task to complete.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAny))]
    public static Task<Task> WhenAny(Task task1, Task task2) => AnyOf(CoyoteTask.WhenAny(task1, task2));

    /// <summary>Stands in for <c>Task.WhenAny&lt;TResult&gt;(Task&lt;TResult&gt;[])</c>.</summary>
    /// <typeparam name="TResult">The tasks' result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task whose result is the first task to complete.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAny))]
    public static Task<Task<TResult>> WhenAnyOf<TResult>(Task<TResult>[] tasks) => AnyOf(CoyoteTask.WhenAny(tasks));

    /// <summary>Stands in for <c>Task.WhenAny&lt;TResult&gt;(IEnumerable&lt;Task&lt;TResult&gt;&gt;)</c>.</summary>
    /// <typeparam name="TResult">The tasks' result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task whose result is the first task to complete.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAny))]
    public static Task<Task<TResult>> WhenAnyOf<TResult>(IEnumerable<Task<TResult>> tasks) => AnyOf(CoyoteTask.WhenAny(tasks));

    /// <summary>Stands in for <c>Task.WhenAny&lt;TResult&gt;(Task&lt;TResult&gt;, Task&lt;TResult&gt;)</c>.</summary>
    /// <typeparam name="TResult">The tasks' result type.</typeparam>
    /// <param name="task1">The first task.</param>
    /// <param name="task2">The second task.</param>
    /// <returns>A task whose result is the first task to complete.</returns>
    [ReplacesCall(typeof(CoyoteTask), nameof(CoyoteTask.WhenAny))]
    public static Task<Task<TResult>> WhenAnyOf<TResult>(Task<TResult> task1, Task<TResult> task2) => AnyOf(CoyoteTask.WhenAny(task1, task2));

    /// <summary>Releases the calling logical task into the completion of <paramref name="task"/>, which it is about to complete.</summary>
    internal static void Complete(Task task)
    {
        if (RaceHooks.Current is { } current)
        {
            current.Owner.Release(current, current.Owner.CompletionOf(task).Point);
        }
    }

    /// <summary>Joins the calling logical task with the completion of <paramref name="producer"/>, if it completed.</summary>
    internal static void Join(object? producer)
    {
        if (producer is not Task { IsCompleted: false } && RaceHooks.Current is { } current)
        {
            current.Owner.Join(current, producer);
        }
    }

    private static void JoinAll(Task[]? tasks)
    {
        if (tasks is null || RaceHooks.Current is null)
        {
            return;
        }

        foreach (var task in tasks)
        {
            Join(task);
        }
    }

    private static int JoinWinner(Task[] tasks, int index)
    {
        if (index >= 0 && index < tasks.Length)
        {
            Join(tasks[index]);
        }

        return index;
    }

    private static TTask AllOf<TTask>(TTask whenAll, Task[]? tasks)
        where TTask : Task
    {
        if (tasks is not null && RaceHooks.Current is { } current)
        {
            current.Owner.Register(whenAll, new TaskCompletion { AllOf = [.. tasks] });
        }

        return whenAll;
    }

    private static TTask AnyOf<TTask>(TTask whenAny)
        where TTask : Task
    {
        if (RaceHooks.Current is { } current)
        {
            current.Owner.Register(whenAny, new TaskCompletion { WinnerOf = whenAny });
        }

        return whenAny;
    }
}
