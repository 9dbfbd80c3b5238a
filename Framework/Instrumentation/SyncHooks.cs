using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using CoyoteMonitor = Microsoft.Coyote.Rewriting.Types.Threading.Monitor;
using CoyoteSemaphore = Microsoft.Coyote.Rewriting.Types.Threading.SemaphoreSlim;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the controlled <see cref="Monitor"/> (and so the <c>lock</c> statement) and
/// <see cref="SemaphoreSlim"/>; and the edges that models such as <see cref="Models.LockModel"/> report.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made here. With no detector
/// recording the calling thread, each hook is the call it replaces.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> each <c>Monitor.Exit</c> (and the release inside <c>Monitor.Wait</c>) happens-before the
/// next acquire of the same monitor; each <c>SemaphoreSlim.Release</c> happens-before the waits that return after it
/// (<c>Wait</c>, or the <c>await</c> of <c>WaitAsync</c>).</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class SyncHooks
{
    /// <summary>Stands in for <c>Monitor.Enter(object)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.Enter))]
    public static void Enter(object obj)
    {
        CoyoteMonitor.Enter(obj);
        Acquired(obj);
    }

    /// <summary>Stands in for <c>Monitor.Enter(object, ref bool)</c>, which the <c>lock</c> statement calls.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="lockTaken">Set when the monitor is taken.</param>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.Enter))]
    public static void Enter(object obj, ref bool lockTaken)
    {
        CoyoteMonitor.Enter(obj, ref lockTaken);
        if (lockTaken)
        {
            Acquired(obj);
        }
    }

    /// <summary>Stands in for <c>Monitor.TryEnter(object)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <returns>Whether the monitor was taken.</returns>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.TryEnter))]
    public static bool TryEnter(object obj) => AcquiredIf(obj, CoyoteMonitor.TryEnter(obj));

    /// <summary>Stands in for <c>Monitor.TryEnter(object, TimeSpan)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether the monitor was taken.</returns>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.TryEnter))]
    public static bool TryEnter(object obj, TimeSpan timeout) => AcquiredIf(obj, CoyoteMonitor.TryEnter(obj, timeout));

    /// <summary>Stands in for <c>Monitor.TryEnter(object, ref bool)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="lockTaken">Set when the monitor is taken.</param>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.TryEnter))]
    public static void TryEnter(object obj, ref bool lockTaken)
    {
        CoyoteMonitor.TryEnter(obj, ref lockTaken);
        AcquiredIf(obj, lockTaken);
    }

    /// <summary>Stands in for <c>Monitor.TryEnter(object, int, ref bool)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="lockTaken">Set when the monitor is taken.</param>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.TryEnter))]
    public static void TryEnter(object obj, int millisecondsTimeout, ref bool lockTaken)
    {
        CoyoteMonitor.TryEnter(obj, millisecondsTimeout, ref lockTaken);
        AcquiredIf(obj, lockTaken);
    }

    /// <summary>Stands in for <c>Monitor.TryEnter(object, TimeSpan, ref bool)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="lockTaken">Set when the monitor is taken.</param>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.TryEnter))]
    public static void TryEnter(object obj, TimeSpan timeout, ref bool lockTaken)
    {
        CoyoteMonitor.TryEnter(obj, timeout, ref lockTaken);
        AcquiredIf(obj, lockTaken);
    }

    /// <summary>Stands in for <c>Monitor.Exit(object)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.Exit))]
    public static void Exit(object obj)
    {
        Releasing(obj);
        CoyoteMonitor.Exit(obj);
    }

    /// <summary>Stands in for <c>Monitor.Wait(object)</c>: releases the monitor, then acquires it again.</summary>
    /// <param name="obj">The monitor.</param>
    /// <returns>Always true.</returns>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.Wait))]
    public static bool Wait(object obj) => Reacquired(obj, Released(obj) && CoyoteMonitor.Wait(obj));

    /// <summary>Stands in for <c>Monitor.Wait(object, int)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="millisecondsTimeout">How long to wait for a pulse.</param>
    /// <returns>Whether a pulse came in time.</returns>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.Wait))]
    public static bool Wait(object obj, int millisecondsTimeout) => Reacquired(obj, Released(obj) && CoyoteMonitor.Wait(obj, millisecondsTimeout));

    /// <summary>Stands in for <c>Monitor.Wait(object, TimeSpan)</c>.</summary>
    /// <param name="obj">The monitor.</param>
    /// <param name="timeout">How long to wait for a pulse.</param>
    /// <returns>Whether a pulse came in time.</returns>
    [ReplacesCall(typeof(CoyoteMonitor), nameof(CoyoteMonitor.Wait))]
    public static bool Wait(object obj, TimeSpan timeout) => Reacquired(obj, Released(obj) && CoyoteMonitor.Wait(obj, timeout));

    /// <summary>Stands in for <c>SemaphoreSlim.Wait()</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Wait))]
    public static void Wait(SemaphoreSlim instance)
    {
        CoyoteSemaphore.Wait(instance);
        Acquired(instance);
    }

    /// <summary>Stands in for <c>SemaphoreSlim.Wait(TimeSpan)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Wait))]
    public static bool Wait(SemaphoreSlim instance, TimeSpan timeout) => AcquiredIf(instance, CoyoteSemaphore.Wait(instance, timeout));

    /// <summary>Stands in for <c>SemaphoreSlim.Wait(int)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>Whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Wait))]
    public static bool Wait(SemaphoreSlim instance, int millisecondsTimeout) =>
        AcquiredIf(instance, CoyoteSemaphore.Wait(instance, millisecondsTimeout));

    /// <summary>Stands in for <c>SemaphoreSlim.Wait(CancellationToken)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Wait))]
    public static void Wait(SemaphoreSlim instance, CancellationToken cancellationToken)
    {
        CoyoteSemaphore.Wait(instance, cancellationToken);
        Acquired(instance);
    }

    /// <summary>Stands in for <c>SemaphoreSlim.Wait(TimeSpan, CancellationToken)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Wait))]
    public static bool Wait(SemaphoreSlim instance, TimeSpan timeout, CancellationToken cancellationToken) =>
        AcquiredIf(instance, CoyoteSemaphore.Wait(instance, timeout, cancellationToken));

    /// <summary>Stands in for <c>SemaphoreSlim.Wait(int, CancellationToken)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Wait))]
    public static bool Wait(SemaphoreSlim instance, int millisecondsTimeout, CancellationToken cancellationToken) =>
        AcquiredIf(instance, CoyoteSemaphore.Wait(instance, millisecondsTimeout, cancellationToken));

    /// <summary>Stands in for <c>SemaphoreSlim.WaitAsync()</c>: the <c>await</c> of the task acquires the semaphore.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <returns>The wait's task.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.WaitAsync))]
    public static Task WaitAsync(SemaphoreSlim instance) => Acquiring(instance, CoyoteSemaphore.WaitAsync(instance));

    /// <summary>Stands in for <c>SemaphoreSlim.WaitAsync(CancellationToken)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The wait's task.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.WaitAsync))]
    public static Task WaitAsync(SemaphoreSlim instance, CancellationToken cancellationToken) =>
        Acquiring(instance, CoyoteSemaphore.WaitAsync(instance, cancellationToken));

    /// <summary>Stands in for <c>SemaphoreSlim.WaitAsync(int)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>The wait's task: whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.WaitAsync))]
    public static Task<bool> WaitAsync(SemaphoreSlim instance, int millisecondsTimeout) =>
        Acquiring(instance, CoyoteSemaphore.WaitAsync(instance, millisecondsTimeout));

    /// <summary>Stands in for <c>SemaphoreSlim.WaitAsync(TimeSpan)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The wait's task: whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.WaitAsync))]
    public static Task<bool> WaitAsync(SemaphoreSlim instance, TimeSpan timeout) => Acquiring(instance, CoyoteSemaphore.WaitAsync(instance, timeout));

    /// <summary>Stands in for <c>SemaphoreSlim.WaitAsync(TimeSpan, CancellationToken)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The wait's task: whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.WaitAsync))]
    public static Task<bool> WaitAsync(SemaphoreSlim instance, TimeSpan timeout, CancellationToken cancellationToken) =>
        Acquiring(instance, CoyoteSemaphore.WaitAsync(instance, timeout, cancellationToken));

    /// <summary>Stands in for <c>SemaphoreSlim.WaitAsync(int, CancellationToken)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The wait's task: whether the semaphore was entered.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.WaitAsync))]
    public static Task<bool> WaitAsync(SemaphoreSlim instance, int millisecondsTimeout, CancellationToken cancellationToken) =>
        Acquiring(instance, CoyoteSemaphore.WaitAsync(instance, millisecondsTimeout, cancellationToken));

    /// <summary>Stands in for <c>SemaphoreSlim.Release()</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <returns>The previous count.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Release))]
    public static int Release(SemaphoreSlim instance)
    {
        Releasing(instance);
        return CoyoteSemaphore.Release(instance);
    }

    /// <summary>Stands in for <c>SemaphoreSlim.Release(int)</c>.</summary>
    /// <param name="instance">The semaphore.</param>
    /// <param name="releaseCount">How many times to release.</param>
    /// <returns>The previous count.</returns>
    [ReplacesCall(typeof(CoyoteSemaphore), nameof(CoyoteSemaphore.Release))]
    public static int Release(SemaphoreSlim instance, int releaseCount)
    {
        Releasing(instance);
        return CoyoteSemaphore.Release(instance, releaseCount);
    }

    /// <summary>Records that the calling logical task acquired the lock, monitor or semaphore <paramref name="syncObject"/>.</summary>
    /// <remarks>For models: <see cref="Models.LockModel"/> calls it after each acquire of a <see cref="Lock"/>.</remarks>
    internal static void Acquired(object syncObject)
    {
        if (syncObject is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Acquire(task, task.Owner.LockOf(syncObject));
        }
    }

    /// <summary>Records that the calling logical task is about to release <paramref name="syncObject"/>.</summary>
    /// <remarks>For models: <see cref="Models.LockModel"/> calls it before each release of a <see cref="Lock"/>.</remarks>
    internal static void Releasing(object syncObject)
    {
        if (syncObject is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Release(task, task.Owner.LockOf(syncObject));
        }
    }

    /// <summary>Records that the calling logical task acquired what <paramref name="owner"/> holds in <paramref name="role"/>.</summary>
    /// <remarks>For models: <see cref="Models.ReaderWriterLockSlimModel"/> calls it after each enter.</remarks>
    internal static void Acquired(object owner, SyncRole role)
    {
        if (owner is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Acquire(task, task.Owner.PointOf(owner, role));
        }
    }

    /// <summary>Records that the calling logical task releases what it did so far into <paramref name="owner"/>'s
    /// <paramref name="role"/>.</summary>
    /// <remarks>For models: <see cref="Models.ReaderWriterLockSlimModel"/> calls it at each exit.</remarks>
    internal static void Releasing(object owner, SyncRole role)
    {
        if (owner is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Release(task, task.Owner.PointOf(owner, role));
        }
    }

    private static bool AcquiredIf(object syncObject, bool taken)
    {
        if (taken)
        {
            Acquired(syncObject);
        }

        return taken;
    }

    private static bool Released(object syncObject)
    {
        Releasing(syncObject);
        return true;
    }

    private static bool Reacquired(object syncObject, bool result)
    {
        // Monitor.Wait returns holding the monitor whether or not it was pulsed.
        Acquired(syncObject);
        return result;
    }

    private static TTask Acquiring<TTask>(SemaphoreSlim instance, TTask wait)
        where TTask : Task
    {
        if (instance is not null && RaceHooks.Current is { } task)
        {
            task.Owner.Register(wait, new TaskCompletion { Acquires = task.Owner.LockOf(instance) });
        }

        return wait;
    }
}
