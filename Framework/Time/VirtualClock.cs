using System.Diagnostics;
using Weft.Checking;
using Weft.Models;
using CoyoteThread = Microsoft.Coyote.Rewriting.Types.Threading.Thread;

namespace Weft.Time;

/// <summary>The virtual clock of one iteration: the current virtual instant and the timers armed against it.</summary>
/// <remarks>
/// <para>Each iteration gets its own clock (through <see cref="IterationState"/>), starting at <see cref="Epoch"/>, so no
/// iteration sees time left by another. Time stands still while any controlled operation can run; when none can, the
/// <see cref="ClockAdvancer"/> jumps straight to the earliest armed timer and fires every timer due at that instant.
/// The advancer is started when the first timer is armed and ends when no timer is left, so a test that is blocked with
/// no timer armed is still reported as a deadlock.</para>
/// <para>Once the test has returned and the explorer lets the tasks it left run to their end
/// (<see cref="IterationState.Draining"/>), the clock still fires one-shot timers (a pending delay lets its task finish),
/// but a periodic timer that comes due then would fire for ever: it is reported as leaked
/// (<see cref="LeakDetector.DescribeTimer"/>), or stopped when its callback is in
/// <see cref="Exploration.ExplorationOptions.IgnoreLeakedTasksIn"/>.</para>
/// <para><b>Thread safety:</b> used only by the controlled operations of one iteration, which the scheduler runs one at a
/// time; the fields therefore need no lock. <see cref="Elapsed"/> is a single aligned <see cref="long"/> read, safe from
/// any thread. (No <see cref="Volatile"/> or <see cref="Interlocked"/> here: Coyote rewrites those into scheduling
/// points, and the clock must not add any of its own.)</para>
/// </remarks>
internal sealed class VirtualClock
{
    /// <summary>The instant every iteration starts at: 2000-01-01T00:00:00Z, as in Go's <c>testing/synctest</c>.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Armed timers by (due time in ticks since <see cref="Epoch"/>, arming order). Stale entries (a timer
    /// re-armed, disarmed or disposed since) stay until they reach the head and are dropped there.</summary>
    private readonly PriorityQueue<Arming, (long Due, long Order)> _armed = new();

    /// <summary>Virtual ticks since <see cref="Epoch"/>; only grows, and only in <see cref="TryAdvance"/>.</summary>
    private long _elapsedTicks;

    /// <summary>The number of armings so far; orders timers due at the same instant by when they were armed.</summary>
    private long _armings;

    /// <summary>Whether the advancer operation is alive: set when it starts, cleared when it finds no timer left.</summary>
    private bool _advancerRunning;

    /// <summary>The iteration this clock belongs to, or <see langword="null"/> for a clock made outside one. Kept here
    /// because the advancer may run without the iteration's execution context (a timer created while its flow was
    /// suppressed, as <see cref="PeriodicTimer"/> does).</summary>
    private readonly IterationState? _iteration;

    /// <summary>Creates a clock at <see cref="Epoch"/>.</summary>
    /// <param name="iteration">The iteration it belongs to; <see langword="null"/> for a clock made outside one.</param>
    public VirtualClock(IterationState? iteration = null)
    {
        _iteration = iteration;
        Provider = new VirtualTimeProvider(this);
    }

    /// <summary>The iteration's clock on a controlled operation of an exploration, or <see langword="null"/> elsewhere
    /// (outside an exploration, or under a scheduler that is not Weft's), where the real clock applies.</summary>
    public static VirtualClock? Current =>
        CoyoteControl.IsControlled && IterationState.Current is { } iteration ? iteration.Get(() => new VirtualClock(iteration)) : null;

    /// <summary>This clock as a <see cref="TimeProvider"/>.</summary>
    public VirtualTimeProvider Provider { get; }

    /// <summary>The virtual time since the iteration started.</summary>
    public TimeSpan Elapsed => new(_elapsedTicks);

    /// <summary>The current virtual instant.</summary>
    public DateTimeOffset UtcNow => Epoch + Elapsed;

    /// <summary>The current virtual timestamp, in units of <see cref="Stopwatch.Frequency"/>; 0 when the iteration starts.</summary>
    public long Timestamp => ToTimestamp(Elapsed);

    /// <summary>Converts a duration to <see cref="Stopwatch"/> timestamp units.</summary>
    public static long ToTimestamp(TimeSpan duration) => (long)((Int128)duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    /// <summary>Converts a difference of <see cref="Stopwatch"/> timestamps to a duration.</summary>
    public static TimeSpan FromTimestamp(long timestamp) => new((long)((Int128)timestamp * TimeSpan.TicksPerSecond / Stopwatch.Frequency));

    /// <summary>Arms <paramref name="timer"/> to fire <paramref name="dueIn"/> from now, under its current version.</summary>
    /// <remarks>Starts the advancer if it is not running and this is the clock of the iteration running on this thread: the
    /// clock of an iteration that has ended (kept in a variable by the test) never advances again.</remarks>
    public void Arm(VirtualTimer timer, long version, TimeSpan dueIn)
    {
        long due = checked(_elapsedTicks + dueIn.Ticks);
        _armed.Enqueue(new Arming(timer, version), (due, _armings++));
        if (!_advancerRunning && ReferenceEquals(Current, this))
        {
            _advancerRunning = true;
            var advancer = new ClockAdvancer(this);
            var thread = CoyoteThread.Create(advancer.Run);
            CoyoteThread.Start(thread);
        }
    }

    /// <summary>Moves time to the earliest armed timer and fires every timer due then; called by the advancer only, when
    /// no other controlled operation can run.</summary>
    /// <returns><see langword="false"/> if no timer is armed; the advancer has then ended and the next arming starts a new one.</returns>
    public bool TryAdvance()
    {
        while (_armed.TryPeek(out var head, out _) && !head.IsCurrent)
        {
            _armed.Dequeue();
        }

        if (!_armed.TryPeek(out var first, out var next))
        {
            _advancerRunning = false;
            return false;
        }

        if (first.Timer.IsPeriodic && _iteration is { Draining: { } leaks } iteration)
        {
            // The test has returned and every task that could finish has: a periodic timer would fire for ever, each time
            // for nobody. It leaked, unless its callback is a known long-lived one; that one is stopped so the phase ends.
            string timer = first.Timer.Description;
            if (!leaks.IsIgnored(timer))
            {
                var failure = LeakDetector.DescribeTimer(timer, first.Timer.Period);
                iteration.Fail(failure.Kind, failure.Message);
            }

            first.Timer.Dispose();
            return true;
        }

        _elapsedTicks = Math.Max(_elapsedTicks, next.Due);

        // Firing a timer starts its callback as a new controlled operation, which is a scheduling point: other operations
        // may run (and arm or disarm timers) before the next one fires. Re-reading the head each time keeps that sound.
        while (_armed.TryPeek(out var arming, out var key) && key.Due <= _elapsedTicks)
        {
            _armed.Dequeue();
            if (arming.IsCurrent)
            {
                arming.Timer.Fire(arming.Version);
            }
        }

        return true;
    }

    /// <summary>One arming of a timer; current while the timer still has that version.</summary>
    private readonly record struct Arming(VirtualTimer Timer, long Version)
    {
        public bool IsCurrent => Timer.IsArmedAs(Version);
    }
}
