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
/// enables as soon as nothing else is enabled), or paused on a condition that holds now. Evaluating those conditions
/// itself makes the answer exact at any moment, also in the middle of the scheduler's own pass over the paused
/// operations (which re-evaluates them one by one, in creation order).</para>
/// <para>Public-API alternatives were weighed and rejected: an advancer that yields a fixed number of times before moving
/// time would move it while work is still runnable, and counting runnable operations in Weft is impossible because
/// Coyote creates an operation for every continuation without telling anyone.</para>
/// <para>The runtime is taken from the operation handle, not from the calling thread: the scheduler may evaluate a
/// paused operation's condition on another thread.</para>
/// <para>If Coyote's internals differ from 1.7.11's, the first use throws an <see cref="InvalidOperationException"/>
/// (wrapped in a <see cref="TypeInitializationException"/>) that names the missing member.</para>
/// <para><b>Thread safety:</b> call only from a controlled operation, or from a condition the scheduler evaluates; the
/// scheduler then runs nothing else, so the operation table does not change during the call.</para>
/// </remarks>
internal static class SchedulerProbe
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    // OperationStatus values of Coyote 1.7.11, looked up by name when the accessors are built.
    private static readonly int s_none;
    private static readonly int s_enabled;
    private static readonly int s_paused;
    private static readonly int s_pausedOnDelay;

    /// <summary>The operation running on the calling thread, or null.</summary>
    private static readonly Func<object?> s_executingOperation;

    /// <summary>Every operation of the runtime that owns the given operation.</summary>
    private static readonly Func<object, IEnumerable> s_operationsBeside;

    /// <summary>Whether the runtime that owns the given operation is still running its iteration.</summary>
    private static readonly Func<object, bool> s_isRunning;

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

        s_executingOperation = Expression.Lambda<Func<object?>>(Expression.Convert(
            Expression.Field(null, Require(runtimeType.GetField("ExecutingOperation", Any), "CoyoteRuntime.ExecutingOperation")),
            typeof(object))).Compile();

        var op = Expression.Parameter(typeof(object), "op");
        var typed = Expression.Convert(op, operationType);
        var runtime = Expression.Field(typed, Require(operationType.GetField("Runtime", Any), "ControlledOperation.Runtime"));
        var map = Expression.Field(runtime, Require(runtimeType.GetField("OperationMap", Any), "CoyoteRuntime.OperationMap"));
        s_operationsBeside = Expression.Lambda<Func<object, IEnumerable>>(
            Expression.Convert(Expression.Property(map, "Values"), typeof(IEnumerable)), op).Compile();

        var executionStatus = Expression.Property(runtime,
            Require(runtimeType.GetProperty("ExecutionStatus", Any), "CoyoteRuntime.ExecutionStatus"));
        s_isRunning = Expression.Lambda<Func<object, bool>>(
            Expression.Equal(executionStatus, Expression.Constant(Enum.Parse(executionStatusType, "Running"), executionStatusType)),
            op).Compile();

        s_status = Expression.Lambda<Func<object, int>>(
            Expression.Convert(Expression.Field(typed, Require(operationType.GetField("Status", Any), "ControlledOperation.Status")), typeof(int)),
            op).Compile();
        s_dependency = Expression.Lambda<Func<object, Func<bool>?>>(
            Expression.Field(typed, Require(operationType.GetField("Dependency", Any), "ControlledOperation.Dependency")),
            op).Compile();
    }

    /// <summary>The controlled operation running on this thread, as an opaque handle, or <see langword="null"/>.</summary>
    public static object? CurrentOperation() => s_executingOperation();

    /// <summary>Whether the runtime that runs <paramref name="self"/> is still running its iteration (it has not stopped on
    /// a bug or at the end of the test).</summary>
    public static bool IsRunning(object self) => s_isRunning(self);

    /// <summary>Whether an operation other than <paramref name="self"/>, of the same runtime, could run at the scheduler's
    /// next step.</summary>
    public static bool AnyRunnableBesides(object self)
    {
        foreach (object op in s_operationsBeside(self))
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
