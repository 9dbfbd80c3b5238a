using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>The <see cref="ForkedBody"/> of bodies with a result or an argument of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The body's result type, or its argument type for a parallel loop body.</typeparam>
/// <remarks><b>Thread safety:</b> as <see cref="ForkedBody"/>. <b>Happens-before:</b> as <see cref="ForkedBody"/>.</remarks>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class ForkedBody<T>(LogicalTask parent, string api, string site, Delegate body) : ForkedBody(parent, api, site, body)
{
    /// <summary>Runs a <see cref="Func{T}"/> body.</summary>
    public T InvokeFunc()
    {
        var (child, saved) = Enter();
        try
        {
            return ((Func<T>)Body)();
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs a <see cref="Func{Object, T}"/> body.</summary>
    public T InvokeFuncWithState(object? state)
    {
        var (child, saved) = Enter();
        try
        {
            return ((Func<object?, T>)Body)(state);
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs a <see cref="Func{T}"/> body returning <see cref="Task{T}"/>, recording the task it returns.</summary>
    public Task<T> InvokeAsyncFunc()
    {
        var (child, saved) = Enter();
        try
        {
            var inner = ((Func<Task<T>>)Body)();
            Completion.Inner = inner;
            return inner;
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs one iteration of a parallel loop body.</summary>
    public void InvokeLoopBody(T item)
    {
        var (child, saved) = Enter();
        try
        {
            ((Action<T>)Body)(item);
        }
        finally
        {
            Exit(child, saved);
        }
    }
}
