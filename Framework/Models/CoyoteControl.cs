using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Coyote;

namespace Weft.Models;

/// <summary>Tells whether the current thread runs a controlled operation of an exploration.</summary>
/// <remarks>Coyote 1.7.11 keeps this internal (the current runtime's scheduling policy is "interleaving"); it is read through
/// a compiled accessor, built once. Models use it to choose between their controlled and their plain implementation.</remarks>
internal static class CoyoteControl
{
    private static readonly Func<bool> s_isControlled = Build();

    /// <summary><see langword="true"/> on a thread that runs a controlled operation of an exploration.</summary>
    public static bool IsControlled => s_isControlled();

    private static Func<bool> Build()
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var runtimeType = typeof(Configuration).Assembly.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime")
            ?? throw new InvalidOperationException("Coyote's runtime type was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var current = runtimeType.GetProperty("Current", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.Current was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var policy = runtimeType.GetProperty("SchedulingPolicy", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.SchedulingPolicy was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var interleaving = Enum.Parse(policy.PropertyType, "Interleaving");
        var body = Expression.Equal(
            Expression.Property(Expression.Property(null, current), policy),
            Expression.Constant(interleaving, policy.PropertyType));
        return Expression.Lambda<Func<bool>>(body).Compile();
    }
}
