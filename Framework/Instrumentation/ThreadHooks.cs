using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Coyote.Rewriting;
using CoyoteThread = Microsoft.Coyote.Rewriting.Types.Threading.Thread;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the controlled <see cref="Thread"/>.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made here. With no detector
/// recording the calling thread, each hook is the call it replaces.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> what a thread's starter did before <c>Start</c> happens-before the thread's body, which
/// happens-before what follows a <c>Join</c> that returns. Parallel loops are in <see cref="ParallelHooks"/>.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class ThreadHooks
{
    /// <summary>The bodies of threads created in instrumented code. Entries die with their threads.</summary>
    private static readonly ConditionalWeakTable<Thread, ThreadBody> s_bodies = [];

    /// <summary>Stands in for <c>new Thread(ThreadStart)</c>.</summary>
    /// <param name="start">The body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The thread.</returns>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Create))]
    public static Thread Create(ThreadStart start, string spawnSite) => Create(start, 0, spawnSite);

    /// <summary>Stands in for <c>new Thread(ThreadStart, int)</c>.</summary>
    /// <param name="start">The body.</param>
    /// <param name="maxStackSize">The stack size, or 0.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The thread.</returns>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Create))]
    public static Thread Create(ThreadStart start, int maxStackSize, string spawnSite)
    {
        if (start is null || RaceHooks.Current is null)
        {
            return CoyoteThread.Create(start!, maxStackSize);
        }

        var body = new ThreadBody(start, spawnSite);
        var thread = CoyoteThread.Create(new ThreadStart(body.Run), maxStackSize);
        s_bodies.AddOrUpdate(thread, body);
        return thread;
    }

    /// <summary>Stands in for <c>new Thread(ParameterizedThreadStart)</c>.</summary>
    /// <param name="start">The body.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The thread.</returns>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Create))]
    public static Thread Create(ParameterizedThreadStart start, string spawnSite) => Create(start, 0, spawnSite);

    /// <summary>Stands in for <c>new Thread(ParameterizedThreadStart, int)</c>.</summary>
    /// <param name="start">The body.</param>
    /// <param name="maxStackSize">The stack size, or 0.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>The thread.</returns>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Create))]
    public static Thread Create(ParameterizedThreadStart start, int maxStackSize, string spawnSite)
    {
        if (start is null || RaceHooks.Current is null)
        {
            return CoyoteThread.Create(start!, maxStackSize);
        }

        var body = new ThreadBody(start, spawnSite);
        var thread = CoyoteThread.Create(new ParameterizedThreadStart(body.RunWith), maxStackSize);
        s_bodies.AddOrUpdate(thread, body);
        return thread;
    }

    /// <summary>Stands in for <c>Thread.Start()</c>.</summary>
    /// <param name="instance">The thread.</param>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Start))]
    public static void Start(Thread instance)
    {
        Fork(instance);
        CoyoteThread.Start(instance);
    }

    /// <summary>Stands in for <c>Thread.Start(object)</c>.</summary>
    /// <param name="instance">The thread.</param>
    /// <param name="parameter">The body's argument.</param>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Start))]
    public static void Start(Thread instance, object? parameter)
    {
        Fork(instance);
        CoyoteThread.Start(instance, parameter!);
    }

    /// <summary>Stands in for <c>Thread.Join()</c>.</summary>
    /// <param name="instance">The thread.</param>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Join))]
    public static void Join(Thread instance)
    {
        CoyoteThread.Join(instance);
        TaskJoinHooks.Join(instance);
    }

    /// <summary>Stands in for <c>Thread.Join(int)</c>.</summary>
    /// <param name="instance">The thread.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>Whether the thread ended in time.</returns>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Join))]
    public static bool Join(Thread instance, int millisecondsTimeout)
    {
        bool ended = CoyoteThread.Join(instance, millisecondsTimeout);
        if (ended)
        {
            TaskJoinHooks.Join(instance);
        }

        return ended;
    }

    /// <summary>Stands in for <c>Thread.Join(TimeSpan)</c>.</summary>
    /// <param name="instance">The thread.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether the thread ended in time.</returns>
    [ReplacesCall(typeof(CoyoteThread), nameof(CoyoteThread.Join))]
    public static bool Join(Thread instance, TimeSpan timeout)
    {
        bool ended = CoyoteThread.Join(instance, timeout);
        if (ended)
        {
            TaskJoinHooks.Join(instance);
        }

        return ended;
    }

    private static void Fork(Thread instance)
    {
        if (instance is not null && RaceHooks.Current is { } parent && s_bodies.TryGetValue(instance, out var body))
        {
            body.Fork(parent, instance);
        }
    }
}
