using Weft.Models;
using CoyoteThread = Microsoft.Coyote.Rewriting.Types.Threading.Thread;
using Weft.Instrumentation;

namespace Weft.Time;

/// <summary>A timer on a <see cref="VirtualClock"/>: the <see cref="ITimer"/> that <see cref="VirtualTimeProvider.CreateTimer"/>
/// returns, and the engine behind Weft's <see cref="Timer"/>, <c>Task.Delay</c> and <c>CancelAfter</c> models.</summary>
/// <remarks>
/// <para>Each firing runs the callback as a new controlled operation (a controlled thread), like the thread-pool callback
/// of a real timer: it interleaves with everything else, two firings of a periodic timer can overlap, and an exception
/// escaping it is reported as an unhandled exception, as it would crash a real process. Even a delay, whose callback only
/// completes a task, fires this way and never on the clock's advancer: completing a task can run its continuations inline,
/// and user code running on the advancer would stop time while it blocks. The callback runs under the
/// <see cref="ExecutionContext"/> captured when the timer was created, unless its flow was suppressed then.</para>
/// <para>As with <see cref="Timer"/>, a period of zero or <see cref="Timeout.InfiniteTimeSpan"/> fires once, a due time of
/// <see cref="Timeout.InfiniteTimeSpan"/> disarms, and a due time of zero fires at once.</para>
/// <para><b>Thread safety:</b> used by the controlled operations of one iteration, one at a time.</para>
/// <para><b>Happens-before:</b> arming the timer (creating it armed, or <see cref="Change"/>) happens-before each callback that
/// arming leads to.</para>
/// </remarks>
internal sealed class VirtualTimer : ITimer
{
    // Coyote's rewriting reports every direct call on ExecutionContext as uncontrolled concurrency, which would weaken its
    // deadlock detection for the whole iteration. Capturing a context on a controlled operation and running a callback
    // under it on another controlled operation of the same iteration starts no thread and bypasses no scheduling point,
    // so the calls go through delegates, which the rewriting does not inspect.
    private static readonly Func<ExecutionContext?> s_capture = ExecutionContext.Capture;
    private static readonly Action<ExecutionContext, ContextCallback, object?> s_run = ExecutionContext.Run;

    private readonly VirtualClock _clock;
    /// <summary>The user's callback.</summary>
    private readonly TimerCallback _userCallback;

    /// <summary>What a firing runs: the user's callback, as a logical task forked by the last arming (so that, for the
    /// race detector, the constructor and each <see cref="Change"/> happen-before the callbacks they schedule). Written
    /// by <see cref="Change"/>, read by firings; the scheduler runs one controlled operation at a time.</summary>
    private TimerCallback _callback;
    private readonly object? _state;
    private readonly ExecutionContext? _context;

    /// <summary>Tells whether the object that owns this timer is gone (a disposed <see cref="Timer"/> or
    /// <see cref="CancellationTokenSource"/>), so the timer must not fire; <see langword="null"/> if it has no such owner.</summary>
    private readonly Func<bool>? _isOwnerGone;

    // The mutable fields below are guarded by the scheduler: only the controlled operations of one iteration touch them,
    // one at a time.

    /// <summary>The period in ticks, or 0 for a one-shot timer.</summary>
    private long _period;

    /// <summary>Incremented by every <see cref="Change"/> and by <see cref="Dispose"/>: an arming with an older version is stale.</summary>
    private long _version;

    /// <summary>Whether the timer is armed under <see cref="_version"/>: set by a <see cref="Change"/> with a finite due
    /// time, cleared by one with an infinite due time, by the firing of a one-shot timer and by <see cref="Dispose"/>.</summary>
    private bool _armed;

    /// <summary>Set once by <see cref="Dispose"/>, or when the owner is found gone; never cleared.</summary>
    private bool _disposed;

    /// <summary>Creates a disarmed timer.</summary>
    /// <param name="clock">The clock it runs on.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="isOwnerGone">See <see cref="_isOwnerGone"/>.</param>
    public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, Func<bool>? isOwnerGone = null)
    {
        _clock = clock;
        _userCallback = callback;
        _callback = callback;
        _state = state;
        _isOwnerGone = isOwnerGone;
        _context = s_capture();
    }

    /// <summary>Wraps <paramref name="callback"/> so that each run is a logical task forked by the calling task now, when races
    /// are being detected; otherwise returns it as is.</summary>
    private static TimerCallback ForkedFromCaller(TimerCallback callback)
    {
        if (RaceHooks.Current is not { } caller)
        {
            return callback;
        }

        var forked = new ForkedBody(caller, "a timer callback", "its arming", (Action<object?>)(state => callback(state)));
        return forked.InvokeWithState;
    }

    /// <summary>Whether the timer fires again by itself after each firing (its period is positive and finite).</summary>
    public bool IsPeriodic => _period > 0;

    /// <summary>The time between two firings of a periodic timer; zero for a one-shot timer.</summary>
    public TimeSpan Period => new(_period);

    /// <summary>What the timer is, for reports: <c>a timer calling Type.Method</c> for a user's callback (a lambda shows as
    /// <c>Type.Method (lambda)</c>), or <c>a PeriodicTimer</c> for a timer the BCL created with its own callback.</summary>
    public string Description => Describe(_userCallback);

    /// <summary>Whether an arming of <paramref name="version"/> should still fire.</summary>
    public bool IsArmedAs(long version)
    {
        if (_disposed || !_armed || version != _version)
        {
            return false;
        }

        if (_isOwnerGone?.Invoke() == true)
        {
            Dispose();
            return false;
        }

        return true;
    }

    /// <summary>Re-arms the timer, like <see cref="ITimer.Change"/>.</summary>
    /// <returns><see langword="false"/> if the timer was disposed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 ms or
    /// above 4294967294 ms.</exception>
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        TimeArguments.Validate(dueTime, nameof(dueTime));
        TimeArguments.Validate(period, nameof(period));
        if (_disposed)
        {
            return false;
        }

        _version++;
        _callback = ForkedFromCaller(_userCallback);
        _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
        _armed = dueTime != Timeout.InfiniteTimeSpan;
        if (!_armed)
        {
            return true;
        }

        if (dueTime > TimeSpan.Zero)
        {
            _clock.Arm(this, _version, dueTime);
        }
        else
        {
            // Due now: a real timer queues the callback at once, so it runs concurrently with the caller.
            Fire(_version);
        }

        return true;
    }

    /// <summary>Fires the arming of <paramref name="version"/>: re-arms a periodic timer for its next period, then runs the
    /// callback.</summary>
    public void Fire(long version)
    {
        if (_period > 0)
        {
            _clock.Arm(this, version, new TimeSpan(_period));
        }
        else
        {
            _armed = false;
        }

        if (CoyoteControl.IsControlled)
        {
            var thread = CoyoteThread.Create(Invoke);
            CoyoteThread.Start(thread);
        }
        else
        {
            // A clock used after its iteration (no scheduler to run a controlled operation): behave like a real timer.
            ThreadPool.UnsafeQueueUserWorkItem(static timer => timer.Invoke(), this, preferLocal: false);
        }
    }

    /// <summary>Disarms the timer for good; a callback already running continues.</summary>
    public void Dispose()
    {
        _disposed = true;
        _armed = false;
        _version++;
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Describe(TimerCallback callback)
    {
        var method = callback.Method;
        var type = method.DeclaringType;
        string name = method.Name;
        while (type?.DeclaringType is not null && type.Name.StartsWith('<'))
        {
            // A closure or state machine class: the user's method is named in it, or in the method's own name.
            if (!type.Name.StartsWith("<>", StringComparison.Ordinal))
            {
                name = type.Name;
            }

            type = type.DeclaringType;
        }

        if (type is null)
        {
            return "a timer calling " + name;
        }

        if (type.Assembly == typeof(object).Assembly)
        {
            // The BCL's own callback: PeriodicTimer, or another type built on a TimeProvider.
            return "a " + type.Name;
        }

        return $"a timer calling {type.Name}.{SourceSites.FriendlyMethodName(name)}";
    }

    private void Invoke()
    {
        if (_context is null)
        {
            _callback(_state);
        }
        else
        {
            s_run(_context, static self => ((VirtualTimer)self!)._callback(((VirtualTimer)self)._state), this);
        }
    }
}
