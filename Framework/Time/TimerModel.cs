using System.ComponentModel;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Weft.Time;

/// <summary>The stand-in for <see cref="Timer"/>: the build step redirects its constructors, <c>Change</c> overloads (and
/// <see cref="ITimer.Change"/>), <c>Dispose</c> and <c>DisposeAsync</c> in rewritten code here.</summary>
/// <remarks>
/// <para>A <c>new Timer(...)</c> must still produce a <see cref="Timer"/>, a sealed type. Under exploration the model
/// creates a real <see cref="Timer"/> that is never armed, to be the handle user code holds, and runs the callback from a
/// <see cref="VirtualTimer"/> on the iteration's virtual clock. Each firing is a new controlled operation, so callbacks
/// interleave with the test and with each other (a periodic callback slower than its period overlaps itself, as on the
/// thread pool), and an exception escaping a callback is reported as an unhandled exception.</para>
/// <para>Disposing the handle in any way (<c>Dispose</c>, <c>DisposeAsync</c>, <c>using</c>, through an interface) stops
/// the virtual timer: <c>Dispose</c> and <c>DisposeAsync</c> are redirected, and for the other ways the model asks the
/// handle before each firing, through the public <see cref="Timer.Change(int, int)"/>, which returns
/// <see langword="false"/> once a timer is disposed. A <c>Change</c> made through reflection would re-arm only the
/// never-used real timer. Unlike a real timer, an unreachable timer is not collected while armed, so it keeps firing until
/// disposed; and disposing does not wait for callbacks already running, so <c>Dispose(WaitHandle)</c> signals at once.
/// Outside an exploration every call goes to the real <see cref="Timer"/>.</para>
/// <para>Coyote's rewriting reports every direct call on <see cref="Timer"/> as uncontrolled concurrency, which weakens its
/// deadlock detection for the iteration; the model's calls on the never-armed handle involve no thread, so they go through
/// delegates the rewriting does not inspect, and redirecting <c>Dispose</c> keeps the test's own calls from being
/// reported either.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="Timer"/>.</para>
/// <para><b>Happens-before:</b> the constructor, and each <c>Change</c> that arms the timer, happens-before each callback it
/// leads to.</para>
/// </remarks>
/// <seealso cref="VirtualTimeProvider.CreateTimer"/>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TimerModel
{
    /// <summary>The virtual timer behind each handle created under exploration; entries die with their handle.</summary>
    private static readonly ConditionalWeakTable<Timer, VirtualTimer> s_timers = [];

    /// <summary>Creates a disarmed handle whose own callback never runs.</summary>
    private static readonly Func<Timer> s_newHandle = Expression.Lambda<Func<Timer>>(Expression.New(
        typeof(Timer).GetConstructor([typeof(TimerCallback), typeof(object), typeof(int), typeof(int)])!,
        Expression.Constant(new TimerCallback(static _ => { })),
        Expression.Constant(null),
        Expression.Constant(Timeout.Infinite),
        Expression.Constant(Timeout.Infinite))).Compile();

    private static readonly Func<Timer, int, int, bool> s_change = Open<Func<Timer, int, int, bool>>(nameof(Timer.Change), typeof(int), typeof(int));
    private static readonly Action<Timer> s_dispose = Open<Action<Timer>>(nameof(Timer.Dispose));
    private static readonly Func<Timer, WaitHandle, bool> s_disposeNotifying = Open<Func<Timer, WaitHandle, bool>>(nameof(Timer.Dispose), typeof(WaitHandle));

    /// <summary>Stands in for <see cref="Timer(TimerCallback)"/>: a disarmed timer whose callback gets the timer itself.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public static Timer Create(TimerCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return VirtualClock.Current is { } clock ? CreateVirtual(clock, callback, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan, stateIsTimer: true) : new Timer(callback);
    }

    /// <summary>Stands in for <see cref="Timer(TimerCallback, object?, int, int)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1.</exception>
    public static Timer Create(TimerCallback callback, object? state, int dueTime, int period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return VirtualClock.Current is { } clock
            ? CreateVirtual(clock, callback, state, TimeArguments.FromMilliseconds(dueTime, nameof(dueTime)), TimeArguments.FromMilliseconds(period, nameof(period)))
            : new Timer(callback, state, dueTime, period);
    }

    /// <summary>Stands in for <see cref="Timer(TimerCallback, object?, long, long)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 or
    /// above 4294967294.</exception>
    public static Timer Create(TimerCallback callback, object? state, long dueTime, long period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return VirtualClock.Current is { } clock
            ? CreateVirtual(clock, callback, state, TimeArguments.FromMilliseconds(dueTime, nameof(dueTime)), TimeArguments.FromMilliseconds(period, nameof(period)))
            : new Timer(callback, state, dueTime, period);
    }

    /// <summary>Stands in for <see cref="Timer(TimerCallback, object?, TimeSpan, TimeSpan)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 ms or
    /// above 4294967294 ms.</exception>
    public static Timer Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (VirtualClock.Current is not { } clock)
        {
            return new Timer(callback, state, dueTime, period);
        }

        TimeArguments.Validate(dueTime, nameof(dueTime));
        TimeArguments.Validate(period, nameof(period));
        return CreateVirtual(clock, callback, state, dueTime, period);
    }

    /// <summary>Stands in for <see cref="Timer(TimerCallback, object?, uint, uint)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public static Timer Create(TimerCallback callback, object? state, uint dueTime, uint period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return VirtualClock.Current is { } clock
            ? CreateVirtual(clock, callback, state, FromUnsigned(dueTime), FromUnsigned(period))
            : new Timer(callback, state, dueTime, period);
    }

    /// <summary>Stands in for <see cref="Timer.Change(int, int)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1.</exception>
    public static bool Change(Timer timer, int dueTime, int period) =>
        TryGetVirtual(timer) is { } virtualTimer
            ? ChangeVirtual(timer, virtualTimer, TimeArguments.FromMilliseconds(dueTime, nameof(dueTime)), TimeArguments.FromMilliseconds(period, nameof(period)))
            : timer.Change(dueTime, period);

    /// <summary>Stands in for <see cref="Timer.Change(long, long)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 or
    /// above 4294967294.</exception>
    public static bool Change(Timer timer, long dueTime, long period) =>
        TryGetVirtual(timer) is { } virtualTimer
            ? ChangeVirtual(timer, virtualTimer, TimeArguments.FromMilliseconds(dueTime, nameof(dueTime)), TimeArguments.FromMilliseconds(period, nameof(period)))
            : timer.Change(dueTime, period);

    /// <summary>Stands in for <see cref="Timer.Change(TimeSpan, TimeSpan)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 ms or
    /// above 4294967294 ms.</exception>
    public static bool Change(Timer timer, TimeSpan dueTime, TimeSpan period) =>
        TryGetVirtual(timer) is { } virtualTimer ? ChangeVirtual(timer, virtualTimer, dueTime, period) : timer.Change(dueTime, period);

    /// <summary>Stands in for <see cref="Timer.Change(uint, uint)"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    public static bool Change(Timer timer, uint dueTime, uint period) =>
        TryGetVirtual(timer) is { } virtualTimer
            ? ChangeVirtual(timer, virtualTimer, FromUnsigned(dueTime), FromUnsigned(period))
            : timer.Change(dueTime, period);

    /// <summary>Stands in for <see cref="ITimer.Change"/>, so that a <see cref="Timer"/> changed through the interface is
    /// changed on the virtual clock too.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 ms or
    /// above 4294967294 ms.</exception>
    public static bool Change(ITimer timer, TimeSpan dueTime, TimeSpan period) =>
        timer is Timer handle && TryGetVirtual(handle) is { } virtualTimer
            ? ChangeVirtual(handle, virtualTimer, dueTime, period)
            : (timer ?? throw new NullReferenceException()).Change(dueTime, period);

    /// <summary>Stands in for <see cref="Timer.Dispose()"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    public static void Dispose(Timer timer)
    {
        if (TryGetVirtual(timer) is { } virtualTimer)
        {
            virtualTimer.Dispose();
            s_dispose(timer);
        }
        else
        {
            timer.Dispose();
        }
    }

    /// <summary>Stands in for <see cref="Timer.Dispose(WaitHandle)"/>; for a virtual timer the handle is signaled at once.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="notifyObject"/> is null.</exception>
    public static bool Dispose(Timer timer, WaitHandle notifyObject)
    {
        if (TryGetVirtual(timer) is not { } virtualTimer)
        {
            return timer.Dispose(notifyObject);
        }

        ArgumentNullException.ThrowIfNull(notifyObject);
        virtualTimer.Dispose();
        return s_disposeNotifying(timer, notifyObject);
    }

    /// <summary>Stands in for <see cref="Timer.DisposeAsync"/>; for a virtual timer it completes at once.</summary>
    /// <exception cref="NullReferenceException"><paramref name="timer"/> is null, as for an instance call.</exception>
    public static ValueTask DisposeAsync(Timer timer)
    {
        if (TryGetVirtual(timer) is not { } virtualTimer)
        {
            return timer.DisposeAsync();
        }

        virtualTimer.Dispose();
        s_dispose(timer);
        return ValueTask.CompletedTask;
    }

    private static Timer CreateVirtual(VirtualClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, bool stateIsTimer = false)
    {
        // The handle's own callback never runs: the handle is created disarmed and only the virtual timer is ever armed.
        var handle = s_newHandle();

        var virtualTimer = new VirtualTimer(clock, callback, stateIsTimer ? handle : state, isOwnerGone: () => IsDisposed(handle));
        s_timers.Add(handle, virtualTimer);
        virtualTimer.Change(dueTime, period);
        return handle;
    }

    private static bool ChangeVirtual(Timer handle, VirtualTimer virtualTimer, TimeSpan dueTime, TimeSpan period)
    {
        TimeArguments.Validate(dueTime, nameof(dueTime));
        TimeArguments.Validate(period, nameof(period));
        if (IsDisposed(handle))
        {
            virtualTimer.Dispose();
            return false;
        }

        return virtualTimer.Change(dueTime, period);
    }

    private static VirtualTimer? TryGetVirtual(Timer timer)
    {
        if (timer is null)
        {
            throw new NullReferenceException();
        }

        return s_timers.TryGetValue(timer, out var virtualTimer) ? virtualTimer : null;
    }

    /// <summary>Whether the never-armed handle was disposed: <see cref="Timer.Change(int, int)"/> returns
    /// <see langword="false"/> exactly then, and disarming a disarmed timer changes nothing.</summary>
    private static bool IsDisposed(Timer handle) => !s_change(handle, Timeout.Infinite, Timeout.Infinite);

    /// <summary>An open-instance delegate for a public instance method of <see cref="Timer"/>.</summary>
    private static TDelegate Open<TDelegate>(string name, params Type[] parameters)
        where TDelegate : Delegate =>
        typeof(Timer).GetMethod(name, parameters)?.CreateDelegate<TDelegate>()
        ?? throw new InvalidOperationException($"Timer.{name} was not found.");

    private static TimeSpan FromUnsigned(uint milliseconds) =>
        milliseconds == uint.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds);
}
