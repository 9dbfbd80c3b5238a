using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>The calls the build step inserts before every field and array access of instrumented code, and at every
/// <c>await</c> that suspends: they feed the iteration's <see cref="RaceDetector"/>.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass (<see cref="RacePass"/>) emits these calls. Outside an exploration, or when
/// <see cref="Exploration.ExplorationOptions.DetectDataRaces"/> is off, every hook returns at once. The hooks that stand
/// in for calls are listed by <see cref="RaceCallTable"/> (<see cref="TaskForkHooks"/>, <see cref="TaskJoinHooks"/>,
/// <see cref="AsyncMethodHooks"/>, <see cref="ThreadHooks"/>, <see cref="SyncHooks"/>, <see cref="TaskCompletionSourceHooks"/>,
/// <see cref="ConcurrentDictionaryHooks"/>, <see cref="ConcurrentCollectionHooks"/>, <see cref="LazyHooks"/>,
/// <see cref="CancellationHooks"/>, <see cref="ParallelHooks"/>, <see cref="WaitHandleHooks"/>,
/// <see cref="ContinuationHooks"/> and <see cref="ResultContinuationHooks"/>); the models of the types Coyote does not
/// control report their edges through <see cref="SyncHooks"/>.</para>
/// <para><b>Logical tasks.</b> Each thread that Coyote creates runs one controlled operation, so the logical task running
/// on a thread is kept in a thread-static field. The fork hooks (<see cref="TaskForkHooks"/>, <see cref="ThreadHooks"/>, the
/// continuation, callback and parallel-loop wrappers) set it for the bodies they start, each in an execution flow of its
/// own. Any other controlled thread gets a new logical task on its first hook, which starts after the
/// <see cref="RaceOrigin"/> of its execution context: for the continuation of an <c>await</c>, the point
/// <see cref="Suspend"/> released when the method suspended, since the async method builder captures the execution
/// context at that moment and restores it for the continuation. When the flow of the execution context changes under a
/// running task (a continuation that another task runs inline), the new flow gets its own logical task, and the thread's
/// task comes back when the inline code returns. Threads that Coyote does not control are ignored.</para>
/// <para><b>Thread safety:</b> safe for concurrent use; each hook works on the calling thread's logical task.</para>
/// <para><b>Happens-before:</b> <see cref="Suspend"/> makes the code before an <c>await</c> that suspends happen-before its
/// continuation; <see cref="Atomic"/>, <see cref="AtomicStatic"/> and <see cref="AtomicElement"/> make each atomic access
/// of a location an acquire, a release or both on that location. Atomic accesses never race with each other, but they
/// do with plain accesses to the same location that they are not ordered with. <see cref="ValueTaskSourceCompleting"/>
/// makes the completion of a value task source's core happen-before the <see cref="ValueTaskSourceCompleted"/> of the
/// awaiter that gets its result.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class RaceHooks
{
    /// <summary>The origin of logical tasks that start in the current execution context.</summary>
    private static readonly AsyncLocal<RaceOrigin?> s_origin = new();

    /// <summary>The logical task running on this thread, or <see langword="null"/>.</summary>
    [ThreadStatic]
    private static LogicalTask? s_currentTask;

    /// <summary>The execution flow (the <see cref="s_origin"/> of the execution context) that <see cref="s_currentTask"/>
    /// runs in on this thread.</summary>
    [ThreadStatic]
    private static RaceOrigin? s_currentFlow;

    /// <summary>The execution context last seen to carry <see cref="s_currentFlow"/> on this thread, or <see langword="null"/>:
    /// contexts are immutable, so while the thread's context is this object the flow has not changed, and the
    /// <see cref="AsyncLocal{T}"/> need not be read. Cleared whenever <see cref="s_currentFlow"/> changes.</summary>
    [ThreadStatic]
    private static ExecutionContext? s_checkedContext;

    /// <summary>The logical tasks, with their flows, that this thread was running when the execution context changed under
    /// them (an <c>await</c> continuation run inline, a callback run in a captured context), innermost last; or
    /// <see langword="null"/>.</summary>
    [ThreadStatic]
    private static List<(LogicalTask Task, RaceOrigin? Flow)>? s_outerTasks;

    /// <summary>The most tasks <see cref="s_outerTasks"/> keeps; older ones are dropped (a guard, never reached by nested
    /// inline runs).</summary>
    private const int MaxOuterTasks = 64;

    /// <summary>How many detectors are active in the process: when 0, hooks return without reading the execution context.
    /// Changed with <see cref="Interlocked"/>; read without a lock, since a stale value only costs one slow path.</summary>
    private static int s_activeDetectors;

    /// <summary>Hook before a read of an instance field of a class.</summary>
    /// <param name="target">The object; <see langword="null"/> is ignored (the access itself throws).</param>
    /// <param name="field">The field's display name, an interned literal.</param>
    /// <param name="site">The access's source site.</param>
    public static void Read(object? target, string field, string site)
    {
        if (target is not null && Current is { } task)
        {
            task.Owner.Read(task, target, field, site);
        }
    }

    /// <summary>Hook before a write of an instance field of a class.</summary>
    /// <inheritdoc cref="Read" path="/param"/>
    public static void Write(object? target, string field, string site)
    {
        if (target is not null && Current is { } task)
        {
            task.Owner.Write(task, target, field, site);
        }
    }

    /// <summary>Hook before a read of a static field.</summary>
    /// <param name="field">The field's full name, an interned literal.</param>
    /// <param name="site">The access's source site.</param>
    public static void ReadStatic(string field, string site)
    {
        if (Current is { } task)
        {
            task.Owner.ReadStatic(task, field, site);
        }
    }

    /// <summary>Hook before a write of a static field.</summary>
    /// <inheritdoc cref="ReadStatic" path="/param"/>
    public static void WriteStatic(string field, string site)
    {
        if (Current is { } task)
        {
            task.Owner.WriteStatic(task, field, site);
        }
    }

    /// <summary>Hook before a read of an array element.</summary>
    /// <param name="array">The array; <see langword="null"/> is ignored.</param>
    /// <param name="index">The element's index.</param>
    /// <param name="site">The access's source site.</param>
    public static void ReadElement(Array? array, nint index, string site)
    {
        if (array is not null && Current is { } task)
        {
            task.Owner.ReadElement(task, array, index, site);
        }
    }

    /// <summary>Hook before a write of an array element.</summary>
    /// <inheritdoc cref="ReadElement" path="/param"/>
    public static void WriteElement(Array? array, nint index, string site)
    {
        if (array is not null && Current is { } task)
        {
            task.Owner.WriteElement(task, array, index, site);
        }
    }

    /// <summary>Hook around an atomic access (<c>Interlocked</c>, <c>Volatile</c>, a <c>volatile</c> field) to an instance
    /// field: before a store or read-modify-write (a release), after a load or read-modify-write (an acquire).</summary>
    /// <param name="target">The object; <see langword="null"/> is ignored.</param>
    /// <param name="field">The field's display name.</param>
    /// <param name="kind">The synchronisation the access performs.</param>
    /// <param name="site">The access's source site.</param>
    public static void Atomic(object? target, string field, AtomicKind kind, string site)
    {
        if (target is not null && Current is { } task)
        {
            task.Owner.Atomic(task, target, field, 0, kind, site);
        }
    }

    /// <summary>Hook around an atomic access to a static field.</summary>
    /// <param name="field">The field's full name.</param>
    /// <param name="kind">The synchronisation the access performs.</param>
    /// <param name="site">The access's source site.</param>
    public static void AtomicStatic(string field, AtomicKind kind, string site)
    {
        if (Current is { } task)
        {
            task.Owner.Atomic(task, null, field, 0, kind, site);
        }
    }

    /// <summary>Hook around an atomic access to an array element.</summary>
    /// <param name="array">The array; <see langword="null"/> is ignored.</param>
    /// <param name="index">The element's index.</param>
    /// <param name="kind">The synchronisation the access performs.</param>
    /// <param name="site">The access's source site.</param>
    public static void AtomicElement(Array? array, nint index, AtomicKind kind, string site)
    {
        if (array is not null && Current is { } task)
        {
            task.Owner.Atomic(task, array, null, index, kind, site);
        }
    }

    /// <summary>Hook before an async method suspends at an <c>await</c> (before its builder's <c>AwaitOnCompleted</c>).</summary>
    /// <param name="site">The <c>await</c>'s source site.</param>
    /// <remarks>Releases what the method's logical task has done into a new point and makes it the origin of the
    /// continuation: the builder captures the execution context right after this call.</remarks>
    public static void Suspend(string site)
    {
        if (Current is { } task)
        {
            s_origin.Value = new RaceOrigin(task.Owner, task.Owner.Fork(task), "continuation after await at " + ShortSite(site));
        }
    }

    /// <summary>Hook before a <see cref="System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore{TResult}"/> field of
    /// <paramref name="source"/> completes (<c>SetResult</c>, <c>SetException</c>): what the completing code did happens-before
    /// the awaiter that gets the result.</summary>
    /// <param name="source">The object that owns the core: the value task source; <see langword="null"/> is ignored.</param>
    public static void ValueTaskSourceCompleting(object? source)
    {
        if (source is not null && Current is { } task)
        {
            task.Owner.Release(task, task.Owner.PointOf(source, SyncRole.ValueTaskSource));
        }
    }

    /// <summary>Hook after a <see cref="System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore{TResult}"/> field of
    /// <paramref name="source"/> gave its result (<c>GetResult</c>, which the awaiter of the source's value task calls).</summary>
    /// <param name="source">The object that owns the core; <see langword="null"/> is ignored.</param>
    public static void ValueTaskSourceCompleted(object? source)
    {
        if (source is not null && Current is { } task)
        {
            task.Owner.Acquire(task, task.Owner.PointOf(source, SyncRole.ValueTaskSource));
        }
    }

    /// <summary>The logical task running on this thread, attached on first use; <see langword="null"/> when no detector
    /// records this thread.</summary>
    /// <remarks>The task is kept per thread, and checked against the execution context: when the context's flow is not the
    /// one the task runs in, other code runs on the thread in another context (<see cref="SwitchFlow"/>).</remarks>
    internal static LogicalTask? Current
    {
        get
        {
            if (Volatile.Read(ref s_activeDetectors) == 0)
            {
                return null;
            }

            var task = s_currentTask;
            if (task is null || !task.Owner.IsActive)
            {
                return Attach();
            }

            var context = ExecutionContext.Capture();
            if (context is not null && ReferenceEquals(context, s_checkedContext))
            {
                return task;
            }

            var flow = s_origin.Value;
            if (!ReferenceEquals(flow, s_currentFlow))
            {
                return SwitchFlow(task, flow);
            }

            s_checkedContext = context;
            return task;
        }
    }

    /// <summary>Starts recording an iteration on the calling thread, which runs its test body.</summary>
    internal static void Begin(RaceDetector detector)
    {
        Interlocked.Increment(ref s_activeDetectors);
        var flow = new RaceOrigin(detector, null, "a task started outside the instrumented code");
        s_origin.Value = flow;
        s_currentTask = detector.Root;
        s_currentFlow = flow;
        s_checkedContext = null;
        s_outerTasks = null;
    }

    /// <summary>Stops recording the iteration of <paramref name="detector"/>.</summary>
    internal static void End(RaceDetector detector)
    {
        detector.Stop();
        if (s_currentTask?.Owner == detector)
        {
            s_currentTask = null;
            s_currentFlow = null;
            s_checkedContext = null;
            s_outerTasks = null;
        }

        Interlocked.Decrement(ref s_activeDetectors);
    }

    /// <summary>Makes <paramref name="task"/>, which starts after <paramref name="start"/>, the logical task of this thread,
    /// in a flow of its own; returns what it replaces, for <see cref="ExitTask"/>.</summary>
    /// <remarks>The task's flow is a new origin in the execution context: code that runs in a context captured from the
    /// task, on a thread where the task is not running, starts after <paramref name="start"/>.</remarks>
    internal static TaskScope EnterTask(LogicalTask task, SyncPoint? start)
    {
        var saved = new TaskScope(s_currentTask, s_currentFlow, s_outerTasks, s_origin.Value);
        var flow = new RaceOrigin(task.Owner, start, task.SpawnSite);
        s_origin.Value = flow;
        s_currentTask = task;
        s_currentFlow = flow;
        s_checkedContext = null;
        s_outerTasks = null;
        return saved;
    }

    /// <summary>Gives the thread back what <see cref="EnterTask"/> replaced.</summary>
    internal static void ExitTask(TaskScope saved)
    {
        s_currentTask = saved.Task;
        s_currentFlow = saved.Flow;
        s_checkedContext = null;
        s_outerTasks = saved.OuterTasks;
        s_origin.Value = saved.Origin;
    }

    /// <summary>The file and line of a site, without the method: <c>Counter.cs:18</c>.</summary>
    internal static string ShortSite(string site)
    {
        int method = site.IndexOf(" (", StringComparison.Ordinal);
        return method < 0 ? site : site[..method];
    }

    private static LogicalTask? Attach()
    {
        // A thread without a logical task: the continuation of an await, or work started by code that is not
        // instrumented. It starts after the origin its execution context carries. Threads Coyote does not control run
        // outside the schedule and are not recorded.
        if (s_origin.Value is not { } origin || !origin.Detector.IsActive || !CoyoteControl.IsOperationThread)
        {
            return null;
        }

        var task = origin.Detector.StartTask(origin.Point, origin.SpawnSite);
        s_currentTask = task;
        s_currentFlow = origin;
        s_checkedContext = null;
        s_outerTasks = null;
        return task;
    }

    /// <summary>The execution context changed under <paramref name="task"/>: code of another flow runs on this thread.</summary>
    /// <remarks>
    /// <para>Back in a flow this thread ran before (the inline code returned): that flow's task again. Otherwise the
    /// thread's task is kept aside, and the new flow gets a logical task of its own when its origin says where it starts
    /// (the continuation of an <c>await</c> that <c>TrySetResult</c> or <c>Cancel</c> runs inline on the completing thread
    /// is not part of the completing task), or runs in the same task when it does not (the context of the iteration's
    /// start, restored by code that is not instrumented).</para>
    /// </remarks>
    private static LogicalTask? SwitchFlow(LogicalTask task, RaceOrigin? flow)
    {
        if (s_outerTasks is { } outer)
        {
            for (int i = outer.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(outer[i].Flow, flow))
                {
                    var (back, backFlow) = outer[i];
                    outer.RemoveRange(i, outer.Count - i);
                    s_currentTask = back;
                    s_currentFlow = backFlow;
                    s_checkedContext = null;
                    return back.Owner.IsActive ? back : null;
                }
            }
        }

        var tasks = s_outerTasks ??= [];
        if (tasks.Count == MaxOuterTasks)
        {
            tasks.RemoveAt(0);
        }

        tasks.Add((task, s_currentFlow));
        s_currentFlow = flow;
        s_checkedContext = null;
        if (flow is { Point: { } start } && ReferenceEquals(flow.Detector, task.Owner))
        {
            s_currentTask = task.Owner.StartTask(start, flow.SpawnSite);
        }

        return s_currentTask;
    }
}
