using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;
using CoyoteEvent = Microsoft.Coyote.Rewriting.Types.Threading.EventWaitHandle;
using CoyoteWaitHandle = Microsoft.Coyote.Rewriting.Types.Threading.WaitHandle;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the controlled <see cref="EventWaitHandle.Set"/> (of <see cref="ManualResetEvent"/>
/// and <see cref="AutoResetEvent"/>) and the waits of <see cref="WaitHandle"/>.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls that Coyote's rewriting made here. With no detector
/// recording the calling thread, each hook is the call it replaces.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> each <c>Set</c> of an event happens-before every <c>WaitOne</c> on it that returns
/// <see langword="true"/> after it, every <c>WaitAll</c> that returns <see langword="true"/> and includes it, and every
/// <c>WaitAny</c> that returns its index. An <see cref="AutoResetEvent"/> that one <c>Set</c> releases to one waiter orders
/// that waiter; a <c>Reset</c> releases nothing.</para>
/// </remarks>
/// <seealso cref="Models.ManualResetEventSlimModel"/>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class WaitHandleHooks
{
    /// <summary>Stands in for <see cref="EventWaitHandle.Set"/>.</summary>
    /// <param name="instance">The event.</param>
    /// <returns>Whether the event was set.</returns>
    [ReplacesCall(typeof(CoyoteEvent), nameof(CoyoteEvent.Set))]
    public static bool Set(EventWaitHandle instance)
    {
        if (instance is not null)
        {
            SyncHooks.Releasing(instance, SyncRole.Signal);
        }

        return CoyoteEvent.Set(instance!);
    }

    /// <summary>Stands in for <see cref="WaitHandle.WaitOne()"/>.</summary>
    /// <param name="instance">The handle.</param>
    /// <returns>Whether the handle was signalled.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitOne))]
    public static bool WaitOne(WaitHandle instance) => Signalled(instance, CoyoteWaitHandle.WaitOne(instance));

    /// <summary>Stands in for <see cref="WaitHandle.WaitOne(TimeSpan)"/>.</summary>
    /// <param name="instance">The handle.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether the handle was signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitOne))]
    public static bool WaitOne(WaitHandle instance, TimeSpan timeout) => Signalled(instance, CoyoteWaitHandle.WaitOne(instance, timeout));

    /// <summary>Stands in for <see cref="WaitHandle.WaitOne(int)"/>.</summary>
    /// <param name="instance">The handle.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>Whether the handle was signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitOne))]
    public static bool WaitOne(WaitHandle instance, int millisecondsTimeout) => Signalled(instance, CoyoteWaitHandle.WaitOne(instance, millisecondsTimeout));

    /// <summary>Stands in for <see cref="WaitHandle.WaitOne(TimeSpan, bool)"/>.</summary>
    /// <param name="instance">The handle.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="exitContext">Ignored, as by the BCL.</param>
    /// <returns>Whether the handle was signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitOne))]
    public static bool WaitOne(WaitHandle instance, TimeSpan timeout, bool exitContext) =>
        Signalled(instance, CoyoteWaitHandle.WaitOne(instance, timeout, exitContext));

    /// <summary>Stands in for <see cref="WaitHandle.WaitOne(int, bool)"/>.</summary>
    /// <param name="instance">The handle.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="exitContext">Ignored, as by the BCL.</param>
    /// <returns>Whether the handle was signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitOne))]
    public static bool WaitOne(WaitHandle instance, int millisecondsTimeout, bool exitContext) =>
        Signalled(instance, CoyoteWaitHandle.WaitOne(instance, millisecondsTimeout, exitContext));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAll(WaitHandle[])"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <returns>Whether all were signalled.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAll))]
    public static bool WaitAll(WaitHandle[] waitHandles) => AllSignalled(waitHandles, CoyoteWaitHandle.WaitAll(waitHandles));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAll(WaitHandle[], TimeSpan)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>Whether all were signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAll))]
    public static bool WaitAll(WaitHandle[] waitHandles, TimeSpan timeout) => AllSignalled(waitHandles, CoyoteWaitHandle.WaitAll(waitHandles, timeout));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAll(WaitHandle[], int)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>Whether all were signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAll))]
    public static bool WaitAll(WaitHandle[] waitHandles, int millisecondsTimeout) =>
        AllSignalled(waitHandles, CoyoteWaitHandle.WaitAll(waitHandles, millisecondsTimeout));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAll(WaitHandle[], TimeSpan, bool)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="exitContext">Ignored, as by the BCL.</param>
    /// <returns>Whether all were signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAll))]
    public static bool WaitAll(WaitHandle[] waitHandles, TimeSpan timeout, bool exitContext) =>
        AllSignalled(waitHandles, CoyoteWaitHandle.WaitAll(waitHandles, timeout, exitContext));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAll(WaitHandle[], int, bool)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="exitContext">Ignored, as by the BCL.</param>
    /// <returns>Whether all were signalled in time.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAll))]
    public static bool WaitAll(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) =>
        AllSignalled(waitHandles, CoyoteWaitHandle.WaitAll(waitHandles, millisecondsTimeout, exitContext));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAny(WaitHandle[])"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <returns>The index of the handle that was signalled.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAny))]
    public static int WaitAny(WaitHandle[] waitHandles) => OneSignalled(waitHandles, CoyoteWaitHandle.WaitAny(waitHandles));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAny(WaitHandle[], TimeSpan)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The index of the handle that was signalled, or <see cref="WaitHandle.WaitTimeout"/>.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAny))]
    public static int WaitAny(WaitHandle[] waitHandles, TimeSpan timeout) => OneSignalled(waitHandles, CoyoteWaitHandle.WaitAny(waitHandles, timeout));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAny(WaitHandle[], int)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <returns>The index of the handle that was signalled, or <see cref="WaitHandle.WaitTimeout"/>.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAny))]
    public static int WaitAny(WaitHandle[] waitHandles, int millisecondsTimeout) =>
        OneSignalled(waitHandles, CoyoteWaitHandle.WaitAny(waitHandles, millisecondsTimeout));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAny(WaitHandle[], TimeSpan, bool)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="exitContext">Ignored, as by the BCL.</param>
    /// <returns>The index of the handle that was signalled, or <see cref="WaitHandle.WaitTimeout"/>.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAny))]
    public static int WaitAny(WaitHandle[] waitHandles, TimeSpan timeout, bool exitContext) =>
        OneSignalled(waitHandles, CoyoteWaitHandle.WaitAny(waitHandles, timeout, exitContext));

    /// <summary>Stands in for <see cref="WaitHandle.WaitAny(WaitHandle[], int, bool)"/>.</summary>
    /// <param name="waitHandles">The handles.</param>
    /// <param name="millisecondsTimeout">How long to wait.</param>
    /// <param name="exitContext">Ignored, as by the BCL.</param>
    /// <returns>The index of the handle that was signalled, or <see cref="WaitHandle.WaitTimeout"/>.</returns>
    [ReplacesCall(typeof(CoyoteWaitHandle), nameof(CoyoteWaitHandle.WaitAny))]
    public static int WaitAny(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) =>
        OneSignalled(waitHandles, CoyoteWaitHandle.WaitAny(waitHandles, millisecondsTimeout, exitContext));

    private static bool Signalled(WaitHandle handle, bool signalled)
    {
        if (signalled && handle is not null)
        {
            SyncHooks.Acquired(handle, SyncRole.Signal);
        }

        return signalled;
    }

    private static bool AllSignalled(WaitHandle[] handles, bool signalled)
    {
        if (signalled && handles is not null)
        {
            foreach (var handle in handles)
            {
                Signalled(handle, true);
            }
        }

        return signalled;
    }

    private static int OneSignalled(WaitHandle[] handles, int index)
    {
        if (handles is not null && (uint)index < (uint)handles.Length)
        {
            Signalled(handles[index], true);
        }

        return index;
    }
}
