using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Coyote;

namespace Weft.Time;

/// <summary>Answers the one question virtual time needs from the scheduler: could any controlled operation other than a
/// given one still run before time moves on?</summary>
/// <remarks>
/// <para>Coyote 1.7.11 has no public API for this: it only schedules enabled operations and reports a deadlock when there
/// are none. The probe reads the runtime's operation table through compiled accessors built once (like
/// <see cref="Models.CoyoteControl"/>) and decides for each operation what the scheduler's next step would decide: an
/// operation is runnable when it is enabled, not yet started, paused on one of Coyote's own delays (which the scheduler
/// enables as soon as nothing else is enabled), or paused on a condition that holds now. The last case makes the answer
/// exact at any moment, not only after the scheduler has re-evaluated every paused operation.</para>
/// <para><b>Thread safety:</b> call only from a controlled operation, or from a condition the scheduler evaluates; the
/// scheduler then runs nothing else, so the operation table does not change during the call.</para>
/// </remarks>
internal static class SchedulerProbe
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    // OperationStatus values of Coyote 1.7.11, checked by name when the accessors are built.
    private static readonly int s_none;
    private static readonly int s_enabled;
    private static readonly int s_paused;
    private static readonly int s_pausedOnDelay;

    private static readonly Func<IEnumerable> s_operations;
    private static readonly Func<bool> s_isRunning;
    private static readonly Func<object?> s_executingOperation;
    private static readonly Func<object, int> s_status;
    private static readonly Func<object, Func<bool>?> s_dependency;

    static SchedulerProbe()
    {
        var coyote = typeof(Configuration).Assembly;
        var runtimeType = Require(coyote.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime"), "CoyoteRuntime");
        var operationType = Require(coyote.GetType("Microsoft.Coyote.Runtime.ControlledOperation"), "ControlledOperation");
        var statusType = Require(coyote.GetType("Microsoft.Coyote.Runtime.OperationStatus"), "OperationStatus");
        var executionStatusType = Require(coyote.GetType("Microsoft.Coyote.Runtime.ExecutionStatus"), "ExecutionStatus");
        s_none = StatusValue(statusType, "None");
        s_enabled = StatusValue(statusType, "Enabled");
        s_paused = StatusValue(statusType, "Paused");
        s_pausedOnDelay = StatusValue(statusType, "PausedOnDelay");

        var current = Expression.Property(null, Require(runtimeType.GetProperty("Current", Any), "CoyoteRuntime.Current"));
        var map = Expression.Field(current, Require(runtimeType.GetField("OperationMap", Any), "CoyoteRuntime.OperationMap"));
        s_operations = Expression.Lambda<Func<IEnumerable>>(
            Expression.Convert(Expression.Property(map, "Values"), typeof(IEnumerable))).Compile();

        var executionStatus = Expression.Property(current,
            Require(runtimeType.GetProperty("ExecutionStatus", Any), "CoyoteRuntime.ExecutionStatus"));
        s_isRunning = Expression.Lambda<Func<bool>>(
            Expression.Equal(executionStatus, Expression.Constant(Enum.Parse(executionStatusType, "Running"), executionStatusType))).Compile();

        s_executingOperation = Expression.Lambda<Func<object?>>(Expression.Convert(
            Expression.Field(null, Require(runtimeType.GetField("ExecutingOperation", Any), "CoyoteRuntime.ExecutingOperation")),
            typeof(object))).Compile();

        var op = Expression.Parameter(typeof(object), "op");
        var typed = Expression.Convert(op, operationType);
        s_status = Expression.Lambda<Func<object, int>>(
            Expression.Convert(Expression.Field(typed, Require(operationType.GetField("Status", Any), "ControlledOperation.Status")), typeof(int)),
            op).Compile();
        s_dependency = Expression.Lambda<Func<object, Func<bool>?>>(
            Expression.Field(typed, Require(operationType.GetField("Dependency", Any), "ControlledOperation.Dependency")),
            op).Compile();
    }

    /// <summary>Whether the current runtime is still running an iteration (it has not stopped on a bug or at its end).</summary>
    public static bool IsRunning => s_isRunning();

    /// <summary>The controlled operation running on this thread, as an opaque handle, or <see langword="null"/>.</summary>
    public static object? CurrentOperation() => s_executingOperation();

    /// <summary>Whether an operation other than <paramref name="self"/> could run at the scheduler's next step.</summary>
    public static bool AnyRunnableBesides(object? self)
    {
        foreach (object op in s_operations())
        {
            if (!ReferenceEquals(op, self) && IsRunnable(op))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRunnable(object op)
    {
        int status = s_status(op);
        if (status == s_enabled || status == s_none || status == s_pausedOnDelay)
        {
            return true;
        }

        // Coyote enables a paused operation when its condition holds (a missing condition counts as holding).
        return status == s_paused && (s_dependency(op)?.Invoke() ?? true);
    }

    private static int StatusValue(Type statusType, string name) => (int)Enum.Parse(statusType, name);

    private static T Require<T>(T? value, string what)
        where T : class =>
        value ?? throw new InvalidOperationException(
            $"Coyote's runtime has changed ({what} not found); Weft's virtual time needs Microsoft.Coyote 1.7.11.");
}
