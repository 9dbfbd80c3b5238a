using System.ComponentModel;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>Hooks that rewritten code calls when it starts or awaits a task, so that a task still pending when the test
/// returns can be reported with where it started and what it waits on.</summary>
/// <remarks>
/// <para>Called by code the build step rewrote, not by hand. Outside an exploration each hook returns at once.</para>
/// <para><b>Thread safety:</b> safe to call from any thread. <b>Happens-before:</b> creates no edge.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskHooks
{
    /// <summary>Records that <paramref name="task"/> was started (by <c>Task.Run</c>, <c>StartNew</c> or an async method call)
    /// at <paramref name="site"/>.</summary>
    /// <param name="task">The started task; <see langword="null"/> is ignored.</param>
    /// <param name="site">Where it was started, as the build step wrote it.</param>
    public static void Started(Task? task, string site)
    {
        if (task is not null && IterationState.Current is { } state)
        {
            state.Get(static () => new TaskLedger()).Started(task, site);
        }
    }

    /// <summary>Records that a value task is awaited at <paramref name="site"/>; if a model just registered a wait for it,
    /// the wait gets this site.</summary>
    /// <param name="site">Where it is awaited, as the build step wrote it.</param>
    public static void AwaitingValue(string site)
    {
        if (IterationState.Current is { } state)
        {
            state.Get(static () => new TaskLedger()).AwaitingValue(site);
        }
    }

    /// <summary>Records that <paramref name="task"/>, described by <paramref name="what"/>, is awaited at <paramref name="site"/>.</summary>
    /// <param name="task">The awaited task; <see langword="null"/> is ignored.</param>
    /// <param name="site">Where it is awaited, as the build step wrote it.</param>
    /// <param name="what">What the task stands for, for example "a TaskCompletionSource".</param>
    public static void Awaiting(Task? task, string site, string what)
    {
        if (task is not null && IterationState.Current is { } state)
        {
            state.Get(static () => new TaskLedger()).Awaiting(task, site, what);
        }
    }
}
