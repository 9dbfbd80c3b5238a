using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using CoyoteSource = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the controlled <see cref="TaskCompletionSource"/> and
/// <see cref="TaskCompletionSource{TResult}"/>.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made here. With no detector
/// recording the calling thread, each hook is the call it replaces. A <c>TrySet*</c> releases whether or not it completes
/// the task: the release must come before the completion, which may run the awaiting code at once.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> setting the source happens-before every observation of its task.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class TaskCompletionSourceHooks
{
    /// <summary>Stands in for <c>TaskCompletionSource.SetResult()</c>.</summary>
    /// <param name="tcs">The source.</param>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.SetResult))]
    public static void SetResult(TaskCompletionSource tcs)
    {
        Completing(tcs?.Task);
        CoyoteSource.SetResult(tcs!);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.TrySetResult()</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.TrySetResult))]
    public static bool TrySetResult(TaskCompletionSource tcs)
    {
        Completing(tcs?.Task);
        return CoyoteSource.TrySetResult(tcs!);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.SetException(Exception)</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="exception">The exception.</param>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.SetException))]
    public static void SetException(TaskCompletionSource tcs, Exception exception)
    {
        Completing(tcs?.Task);
        CoyoteSource.SetException(tcs!, exception);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.TrySetException(Exception)</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="exception">The exception.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.TrySetException))]
    public static bool TrySetException(TaskCompletionSource tcs, Exception exception)
    {
        Completing(tcs?.Task);
        return CoyoteSource.TrySetException(tcs!, exception);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.SetCanceled()</c>.</summary>
    /// <param name="tcs">The source.</param>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.SetCanceled))]
    public static void SetCanceled(TaskCompletionSource tcs)
    {
        Completing(tcs?.Task);
        CoyoteSource.SetCanceled(tcs!);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.TrySetCanceled()</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.TrySetCanceled))]
    public static bool TrySetCanceled(TaskCompletionSource tcs)
    {
        Completing(tcs?.Task);
        return CoyoteSource.TrySetCanceled(tcs!);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.SetResult(TResult)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="result">The result.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "SetResult")]
    public static void SetResultOf<TResult>(TaskCompletionSource<TResult> tcs, TResult result)
    {
        Completing(tcs?.Task);
        Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.SetResult(tcs!, result);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.TrySetResult(TResult)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="result">The result.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "TrySetResult")]
    public static bool TrySetResultOf<TResult>(TaskCompletionSource<TResult> tcs, TResult result)
    {
        Completing(tcs?.Task);
        return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.TrySetResult(tcs!, result);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.SetException(Exception)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="exception">The exception.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "SetException")]
    public static void SetExceptionOf<TResult>(TaskCompletionSource<TResult> tcs, Exception exception)
    {
        Completing(tcs?.Task);
        Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.SetException(tcs!, exception);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.TrySetException(Exception)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="exception">The exception.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "TrySetException")]
    public static bool TrySetExceptionOf<TResult>(TaskCompletionSource<TResult> tcs, Exception exception)
    {
        Completing(tcs?.Task);
        return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.TrySetException(tcs!, exception);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.SetCanceled()</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "SetCanceled")]
    public static void SetCanceledOf<TResult>(TaskCompletionSource<TResult> tcs)
    {
        Completing(tcs?.Task);
        Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.SetCanceled(tcs!);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.TrySetCanceled()</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "TrySetCanceled")]
    public static bool TrySetCanceledOf<TResult>(TaskCompletionSource<TResult> tcs)
    {
        Completing(tcs?.Task);
        return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.TrySetCanceled(tcs!);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.SetException(IEnumerable&lt;Exception&gt;)</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="exceptions">The exceptions.</param>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.SetException))]
    public static void SetExceptions(TaskCompletionSource tcs, IEnumerable<Exception> exceptions)
    {
        Completing(tcs?.Task);
        CoyoteSource.SetException(tcs!, exceptions);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.TrySetException(IEnumerable&lt;Exception&gt;)</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="exceptions">The exceptions.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.TrySetException))]
    public static bool TrySetExceptions(TaskCompletionSource tcs, IEnumerable<Exception> exceptions)
    {
        Completing(tcs?.Task);
        return CoyoteSource.TrySetException(tcs!, exceptions);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.SetCanceled(CancellationToken)</c>, which Coyote does not rewrite.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="cancellationToken">The token the task is cancelled with.</param>
    [ReplacesCall(typeof(TaskCompletionSource), nameof(TaskCompletionSource.SetCanceled))]
    public static void SetCanceled(TaskCompletionSource tcs, CancellationToken cancellationToken)
    {
        Completing(tcs?.Task);
        tcs!.SetCanceled(cancellationToken);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.TrySetCanceled(CancellationToken)</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="cancellationToken">The token the task is cancelled with.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(CoyoteSource), nameof(CoyoteSource.TrySetCanceled))]
    public static bool TrySetCanceled(TaskCompletionSource tcs, CancellationToken cancellationToken)
    {
        Completing(tcs?.Task);
        return CoyoteSource.TrySetCanceled(tcs!, cancellationToken);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.SetFromTask(Task)</c>, which Coyote does not rewrite: the source
    /// completes like <paramref name="completedTask"/>, which has completed.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="completedTask">The completed task whose outcome the source takes.</param>
    [ReplacesCall(typeof(TaskCompletionSource), nameof(TaskCompletionSource.SetFromTask))]
    public static void SetFromTask(TaskCompletionSource tcs, Task completedTask)
    {
        TaskJoinHooks.Join(completedTask);
        Completing(tcs?.Task);
        tcs!.SetFromTask(completedTask);
    }

    /// <summary>Stands in for <c>TaskCompletionSource.TrySetFromTask(Task)</c>.</summary>
    /// <param name="tcs">The source.</param>
    /// <param name="completedTask">The completed task whose outcome the source takes.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(TaskCompletionSource), nameof(TaskCompletionSource.TrySetFromTask))]
    public static bool TrySetFromTask(TaskCompletionSource tcs, Task completedTask)
    {
        TaskJoinHooks.Join(completedTask);
        Completing(tcs?.Task);
        return tcs!.TrySetFromTask(completedTask);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.SetException(IEnumerable&lt;Exception&gt;)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="exceptions">The exceptions.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "SetException")]
    public static void SetExceptionsOf<TResult>(TaskCompletionSource<TResult> tcs, IEnumerable<Exception> exceptions)
    {
        Completing(tcs?.Task);
        Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.SetException(tcs!, exceptions);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.TrySetException(IEnumerable&lt;Exception&gt;)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="exceptions">The exceptions.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "TrySetException")]
    public static bool TrySetExceptionsOf<TResult>(TaskCompletionSource<TResult> tcs, IEnumerable<Exception> exceptions)
    {
        Completing(tcs?.Task);
        return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.TrySetException(tcs!, exceptions);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.SetCanceled(CancellationToken)</c>, which Coyote does
    /// not rewrite.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="cancellationToken">The token the task is cancelled with.</param>
    [ReplacesCall(typeof(TaskCompletionSource<>), "SetCanceled")]
    public static void SetCanceledOf<TResult>(TaskCompletionSource<TResult> tcs, CancellationToken cancellationToken)
    {
        Completing(tcs?.Task);
        tcs!.SetCanceled(cancellationToken);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.TrySetCanceled(CancellationToken)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="cancellationToken">The token the task is cancelled with.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<>), "TrySetCanceled")]
    public static bool TrySetCanceledOf<TResult>(TaskCompletionSource<TResult> tcs, CancellationToken cancellationToken)
    {
        Completing(tcs?.Task);
        return Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource<TResult>.TrySetCanceled(tcs!, cancellationToken);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.SetFromTask(Task&lt;TResult&gt;)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="completedTask">The completed task whose outcome the source takes.</param>
    [ReplacesCall(typeof(TaskCompletionSource<>), "SetFromTask")]
    public static void SetFromTaskOf<TResult>(TaskCompletionSource<TResult> tcs, Task<TResult> completedTask)
    {
        TaskJoinHooks.Join(completedTask);
        Completing(tcs?.Task);
        tcs!.SetFromTask(completedTask);
    }

    /// <summary>Stands in for <c>TaskCompletionSource&lt;TResult&gt;.TrySetFromTask(Task&lt;TResult&gt;)</c>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tcs">The source.</param>
    /// <param name="completedTask">The completed task whose outcome the source takes.</param>
    /// <returns>Whether this call completed the task.</returns>
    [ReplacesCall(typeof(TaskCompletionSource<>), "TrySetFromTask")]
    public static bool TrySetFromTaskOf<TResult>(TaskCompletionSource<TResult> tcs, Task<TResult> completedTask)
    {
        TaskJoinHooks.Join(completedTask);
        Completing(tcs?.Task);
        return tcs!.TrySetFromTask(completedTask);
    }

    private static void Completing(Task? task)
    {
        if (task is not null)
        {
            TaskJoinHooks.Complete(task);
        }
    }
}
