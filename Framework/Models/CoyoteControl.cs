using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Coyote;

namespace Weft.Models;

/// <summary>Tells whether the current thread runs a controlled operation of an exploration, and how far its iteration has got.</summary>
/// <remarks>Coyote 1.7.11 keeps this internal (the current runtime's scheduling policy is "interleaving"); it is read through
/// a compiled accessor, built once. Models use it to choose between their controlled and their plain implementation.</remarks>
internal static class CoyoteControl
{
    private static readonly Func<bool> s_isControlled = Build();

    private static readonly Func<bool> s_isOperationThread = BuildIsOperationThread();

    private static readonly Func<bool> s_isIterationRunning = BuildIsIterationRunning();

    private static readonly Func<int> s_stepCount = BuildStepCount();

    private static readonly Func<bool> s_isInScheduler = BuildIsInScheduler();

    /// <summary><see langword="true"/> on a thread that runs a controlled operation of an exploration.</summary>
    public static bool IsControlled => s_isControlled();

    /// <summary><see langword="true"/> on a thread that Coyote created to run one controlled operation; false on any other
    /// thread, even one whose execution context flowed from an exploration (a thread-pool thread running uncontrolled work).</summary>
    /// <remarks>Reads Coyote's per-thread executing operation, which Coyote 1.7.11 keeps internal.</remarks>
    public static bool IsOperationThread => s_isOperationThread();

    /// <summary><see langword="true"/> while the iteration of the current thread runs; false once the scheduler has
    /// stopped it (a bug was found, or the test returned) and its threads are being torn down.</summary>
    public static bool IsIterationRunning => s_isIterationRunning();

    /// <summary>The number of scheduling steps the current iteration has taken so far: it changes only when an operation
    /// reaches a scheduling point, and is the same at the same point of a replay.</summary>
    /// <remarks>Call only on a controlled operation's thread (<see cref="IsOperationThread"/>). Reads the step count of the
    /// runtime's scheduler, which Coyote 1.7.11 keeps internal.</remarks>
    public static int StepCount => s_stepCount();

    /// <summary><see langword="true"/> while the current thread runs inside the scheduler's own synchronized section: user
    /// code the scheduler calls there (the condition of an operation paused until it holds) must not schedule.</summary>
    /// <remarks>Reads <c>CoyoteRuntime.IsExecutionSynchronized</c>, which Coyote 1.7.11 keeps internal.</remarks>
    public static bool IsInScheduler => s_isInScheduler();

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

    private static Func<bool> BuildIsIterationRunning()
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var runtimeType = typeof(Configuration).Assembly.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime")
            ?? throw new InvalidOperationException("Coyote's runtime type was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var current = runtimeType.GetProperty("Current", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.Current was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var status = runtimeType.GetProperty("ExecutionStatus", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.ExecutionStatus was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var running = Enum.Parse(status.PropertyType, "Running");
        var body = Expression.Equal(
            Expression.Property(Expression.Property(null, current), status),
            Expression.Constant(running, status.PropertyType));
        return Expression.Lambda<Func<bool>>(body).Compile();
    }

    private static Func<int> BuildStepCount()
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var runtimeType = typeof(Configuration).Assembly.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime")
            ?? throw new InvalidOperationException("Coyote's runtime type was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var current = runtimeType.GetProperty("Current", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.Current was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var scheduler = runtimeType.GetField("Scheduler", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.Scheduler was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var stepCount = scheduler.FieldType.GetProperty("StepCount", Any)
            ?? throw new InvalidOperationException("OperationScheduler.StepCount was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var body = Expression.Property(Expression.Field(Expression.Property(null, current), scheduler), stepCount);
        return Expression.Lambda<Func<int>>(body).Compile();
    }

    private static Func<bool> BuildIsInScheduler()
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var runtimeType = typeof(Configuration).Assembly.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime")
            ?? throw new InvalidOperationException("Coyote's runtime type was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var synchronized = runtimeType.GetProperty("IsExecutionSynchronized", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.IsExecutionSynchronized was not found; Weft needs Microsoft.Coyote 1.7.11.");
        return Expression.Lambda<Func<bool>>(Expression.Property(null, synchronized)).Compile();
    }

    private static Func<bool> BuildIsOperationThread()
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var runtimeType = typeof(Configuration).Assembly.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime")
            ?? throw new InvalidOperationException("Coyote's runtime type was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var executing = runtimeType.GetField("ExecutingOperation", Any)
            ?? throw new InvalidOperationException("CoyoteRuntime.ExecutingOperation was not found; Weft needs Microsoft.Coyote 1.7.11.");
        var body = Expression.NotEqual(Expression.Field(null, executing), Expression.Constant(null, executing.FieldType));
        return Expression.Lambda<Func<bool>>(body).Compile();
    }
}
