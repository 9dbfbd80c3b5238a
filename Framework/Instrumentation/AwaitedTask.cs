using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Coyote.Rewriting;

namespace Weft.Instrumentation;

/// <summary>Reads the task that one of Coyote's controlled awaiters awaits.</summary>
/// <typeparam name="TAwaiter">A controlled awaiter type of Coyote 1.7.11, which keeps its task in a private field
/// <c>AwaitedTask</c>.</typeparam>
/// <remarks>The accessor is compiled once per awaiter type. <b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal static class AwaitedTask<TAwaiter>
    where TAwaiter : struct
{
    private static readonly Func<TAwaiter, Task?> s_read = Build();

    /// <summary>The task <paramref name="awaiter"/> awaits.</summary>
    public static Task? Of(in TAwaiter awaiter) => s_read(awaiter);

    private static Func<TAwaiter, Task?> Build()
    {
        var field = typeof(TAwaiter).GetField("AwaitedTask", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException(
                $"{typeof(TAwaiter).FullName}.AwaitedTask was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var awaiter = Expression.Parameter(typeof(TAwaiter), "awaiter");
        return Expression.Lambda<Func<TAwaiter, Task?>>(Expression.Convert(Expression.Field(awaiter, field), typeof(Task)), awaiter).Compile();
    }
}
