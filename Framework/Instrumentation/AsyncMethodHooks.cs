using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using CoyoteAwaiter = Microsoft.Coyote.Runtime.CompilerServices.TaskAwaiter;
using CoyoteBuilder = Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncTaskMethodBuilder;
using CoyoteConfiguredAwaitable = Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.ConfiguredTaskAwaitable;
using CoyoteValueAwaiter = Microsoft.Coyote.Runtime.CompilerServices.ValueTaskAwaiter;
using CoyoteValueBuilder = Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncValueTaskMethodBuilder;

namespace Weft.Instrumentation;

/// <summary>Race hooks for async methods: completing an async method's task (its builder's <c>SetResult</c> and
/// <c>SetException</c>) and observing a task's completion with <c>await</c> (its awaiter's <c>GetResult</c>).</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made in compiler-generated state
/// machines here. With no detector recording the calling thread, each hook is the call it replaces. A
/// <see cref="ValueTask"/> is joined when it wraps a task (as those of async methods do); one that wraps an
/// <see cref="System.Threading.Tasks.Sources.IValueTaskSource"/> is not.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> an async method's last step (before <c>SetResult</c> or <c>SetException</c>) happens-before
/// every observation of its task; a completed task's completion happens-before what follows its <c>await</c>.</para>
/// <seealso cref="TaskJoinHooks"/>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class AsyncMethodHooks
{
    /// <summary>Stands in for <c>await</c> of a <see cref="Task"/>: gets the result, then joins the task.</summary>
    /// <param name="awaiter">The controlled awaiter.</param>
    [ReplacesCall(typeof(CoyoteAwaiter), nameof(CoyoteAwaiter.GetResult))]
    public static void GetResult(ref CoyoteAwaiter awaiter)
    {
        try
        {
            awaiter.GetResult();
        }
        catch (OperationCanceledException canceled) when (CancellationHooks.ObservedCancellation(canceled.CancellationToken))
        {
            throw;
        }
        finally
        {
            TaskJoinHooks.Join(AwaitedTask<CoyoteAwaiter>.Of(awaiter));
        }
    }

    /// <summary>Stands in for <c>await</c> of a <see cref="Task{TResult}"/>.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="awaiter">The controlled awaiter.</param>
    /// <returns>The task's result.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Runtime.CompilerServices.TaskAwaiter<>), "GetResult")]
    public static TResult GetResultOf<TResult>(ref Microsoft.Coyote.Runtime.CompilerServices.TaskAwaiter<TResult> awaiter)
    {
        try
        {
            return awaiter.GetResult();
        }
        catch (OperationCanceledException canceled) when (CancellationHooks.ObservedCancellation(canceled.CancellationToken))
        {
            throw;
        }
        finally
        {
            TaskJoinHooks.Join(AwaitedTask<Microsoft.Coyote.Runtime.CompilerServices.TaskAwaiter<TResult>>.Of(awaiter));
        }
    }

    /// <summary>Stands in for <c>await task.ConfigureAwait(...)</c>.</summary>
    /// <param name="awaiter">The controlled awaiter.</param>
    [ReplacesCall(typeof(CoyoteConfiguredAwaitable.ConfiguredTaskAwaiter), nameof(CoyoteConfiguredAwaitable.ConfiguredTaskAwaiter.GetResult))]
    public static void GetConfiguredResult(ref CoyoteConfiguredAwaitable.ConfiguredTaskAwaiter awaiter)
    {
        try
        {
            awaiter.GetResult();
        }
        catch (OperationCanceledException canceled) when (CancellationHooks.ObservedCancellation(canceled.CancellationToken))
        {
            throw;
        }
        finally
        {
            TaskJoinHooks.Join(AwaitedTask<CoyoteConfiguredAwaitable.ConfiguredTaskAwaiter>.Of(awaiter));
        }
    }

    /// <summary>Stands in for <c>await task.ConfigureAwait(...)</c> of a <see cref="Task{TResult}"/>.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="awaiter">The controlled awaiter.</param>
    /// <returns>The task's result.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.ConfiguredTaskAwaitable<>.ConfiguredTaskAwaiter), "GetResult")]
    public static TResult GetConfiguredResultOf<TResult>(
        ref Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter awaiter)
    {
        try
        {
            return awaiter.GetResult();
        }
        catch (OperationCanceledException canceled) when (CancellationHooks.ObservedCancellation(canceled.CancellationToken))
        {
            throw;
        }
        finally
        {
            TaskJoinHooks.Join(AwaitedTask<Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter>.Of(awaiter));
        }
    }

    /// <summary>Stands in for <c>await</c> of a <see cref="ValueTask"/>.</summary>
    /// <param name="awaiter">The controlled awaiter.</param>
    [ReplacesCall(typeof(CoyoteValueAwaiter), nameof(CoyoteValueAwaiter.GetResult))]
    public static void GetValueResult(ref CoyoteValueAwaiter awaiter)
    {
        try
        {
            awaiter.GetResult();
        }
        catch (OperationCanceledException canceled) when (CancellationHooks.ObservedCancellation(canceled.CancellationToken))
        {
            throw;
        }
        finally
        {
            TaskJoinHooks.Join(AwaitedTask<CoyoteValueAwaiter>.Of(awaiter));
        }
    }

    /// <summary>Stands in for <c>await</c> of a <see cref="ValueTask{TResult}"/>.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="awaiter">The controlled awaiter.</param>
    /// <returns>The task's result.</returns>
    [ReplacesCall(typeof(Microsoft.Coyote.Runtime.CompilerServices.ValueTaskAwaiter<>), "GetResult")]
    public static TResult GetValueResultOf<TResult>(ref Microsoft.Coyote.Runtime.CompilerServices.ValueTaskAwaiter<TResult> awaiter)
    {
        try
        {
            return awaiter.GetResult();
        }
        catch (OperationCanceledException canceled) when (CancellationHooks.ObservedCancellation(canceled.CancellationToken))
        {
            throw;
        }
        finally
        {
            TaskJoinHooks.Join(AwaitedTask<Microsoft.Coyote.Runtime.CompilerServices.ValueTaskAwaiter<TResult>>.Of(awaiter));
        }
    }

    /// <summary>Stands in for an async method's <c>SetResult()</c>: its last step completes its task.</summary>
    /// <param name="builder">The method's builder.</param>
    [ReplacesCall(typeof(CoyoteBuilder), nameof(CoyoteBuilder.SetResult))]
    public static void SetResult(ref CoyoteBuilder builder)
    {
        TaskJoinHooks.Complete(builder.Task);
        builder.SetResult();
    }

    /// <summary>Stands in for an async method's <c>SetException(Exception)</c>.</summary>
    /// <param name="builder">The method's builder.</param>
    /// <param name="exception">The exception.</param>
    [ReplacesCall(typeof(CoyoteBuilder), nameof(CoyoteBuilder.SetException))]
    public static void SetException(ref CoyoteBuilder builder, Exception exception)
    {
        TaskJoinHooks.Complete(builder.Task);
        builder.SetException(exception);
    }

    /// <summary>Stands in for an async method's <c>SetResult(TResult)</c>.</summary>
    /// <typeparam name="TResult">The method's result type.</typeparam>
    /// <param name="builder">The method's builder.</param>
    /// <param name="result">The result.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncTaskMethodBuilder<>), "SetResult")]
    public static void SetResultOf<TResult>(ref Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncTaskMethodBuilder<TResult> builder, TResult result)
    {
        TaskJoinHooks.Complete(builder.Task);
        builder.SetResult(result);
    }

    /// <summary>Stands in for an async method's <c>SetException(Exception)</c> when it has a result type.</summary>
    /// <typeparam name="TResult">The method's result type.</typeparam>
    /// <param name="builder">The method's builder.</param>
    /// <param name="exception">The exception.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncTaskMethodBuilder<>), "SetException")]
    public static void SetExceptionOf<TResult>(ref Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncTaskMethodBuilder<TResult> builder, Exception exception)
    {
        TaskJoinHooks.Complete(builder.Task);
        builder.SetException(exception);
    }

    /// <summary>Stands in for a <see cref="ValueTask"/> async method's <c>SetResult()</c>.</summary>
    /// <param name="builder">The method's builder.</param>
    [ReplacesCall(typeof(CoyoteValueBuilder), nameof(CoyoteValueBuilder.SetResult))]
    public static void SetValueResult(ref CoyoteValueBuilder builder)
    {
        CompleteValue(builder.Task);
        builder.SetResult();
    }

    /// <summary>Stands in for a <see cref="ValueTask"/> async method's <c>SetException(Exception)</c>.</summary>
    /// <param name="builder">The method's builder.</param>
    /// <param name="exception">The exception.</param>
    [ReplacesCall(typeof(CoyoteValueBuilder), nameof(CoyoteValueBuilder.SetException))]
    public static void SetValueException(ref CoyoteValueBuilder builder, Exception exception)
    {
        CompleteValue(builder.Task);
        builder.SetException(exception);
    }

    /// <summary>Stands in for a <see cref="ValueTask{TResult}"/> async method's <c>SetResult(TResult)</c>.</summary>
    /// <typeparam name="TResult">The method's result type.</typeparam>
    /// <param name="builder">The method's builder.</param>
    /// <param name="result">The result.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncValueTaskMethodBuilder<>), "SetResult")]
    public static void SetValueResultOf<TResult>(ref Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncValueTaskMethodBuilder<TResult> builder, TResult result)
    {
        CompleteValue(builder.Task);
        builder.SetResult(result);
    }

    /// <summary>Stands in for a <see cref="ValueTask{TResult}"/> async method's <c>SetException(Exception)</c>.</summary>
    /// <typeparam name="TResult">The method's result type.</typeparam>
    /// <param name="builder">The method's builder.</param>
    /// <param name="exception">The exception.</param>
    [ReplacesCall(typeof(Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncValueTaskMethodBuilder<>), "SetException")]
    public static void SetValueExceptionOf<TResult>(ref Microsoft.Coyote.Rewriting.Types.Runtime.CompilerServices.AsyncValueTaskMethodBuilder<TResult> builder, Exception exception)
    {
        CompleteValue(builder.Task);
        builder.SetException(exception);
    }

    /// <summary>Completes the task an async method's <see cref="ValueTask"/> wraps. Reading the builder's task before it
    /// completes makes the builder create that task (the method then returns a task-backed value task, as it does
    /// whenever it suspended).</summary>
    private static void CompleteValue(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            TaskJoinHooks.Complete(task.AsTask());
        }
    }

    private static void CompleteValue<TResult>(ValueTask<TResult> task)
    {
        if (!task.IsCompleted)
        {
            TaskJoinHooks.Complete(task.AsTask());
        }
    }
}
