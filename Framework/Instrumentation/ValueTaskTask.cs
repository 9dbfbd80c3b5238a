using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Coyote.Rewriting;

namespace Weft.Instrumentation;

/// <summary>Reads the task a <see cref="ValueTask{TResult}"/> wraps, if it wraps one, without consuming the value task.</summary>
/// <typeparam name="TResult">The value task's result type.</typeparam>
/// <remarks>.NET keeps the wrapped object in the private field <c>_obj</c> (a task, or an
/// <see cref="System.Threading.Tasks.Sources.IValueTaskSource{TResult}"/>, which is not read). The accessor is compiled
/// once. <b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal static class ValueTaskTask<TResult>
{
    private static readonly Func<ValueTask<TResult>, Task?> s_read = Build();

    /// <summary>The task <paramref name="valueTask"/> wraps, or <see langword="null"/>.</summary>
    public static Task? Of(in ValueTask<TResult> valueTask) => s_read(valueTask);

    private static Func<ValueTask<TResult>, Task?> Build()
    {
        var field = typeof(ValueTask<TResult>).GetField("_obj", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("ValueTask<TResult>._obj was not found on this .NET runtime.");
        var valueTask = Expression.Parameter(typeof(ValueTask<TResult>), "valueTask");
        var body = Expression.TypeAs(Expression.Field(valueTask, field), typeof(Task));
        return Expression.Lambda<Func<ValueTask<TResult>, Task?>>(body, valueTask).Compile();
    }
}
