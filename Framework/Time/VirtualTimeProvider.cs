using System.Diagnostics;

namespace Weft.Time;

/// <summary>The <see cref="TimeProvider"/> of an iteration's virtual clock: under exploration, <c>TimeProvider.System</c>
/// in rewritten code is this provider, and a test can also pass <see cref="Current"/> explicitly, for instance to code in
/// an assembly that Weft does not rewrite.</summary>
/// <remarks>
/// <para>Virtual time starts at 2000-01-01T00:00:00Z in every iteration and advances only when every controlled operation
/// of the iteration is blocked or waiting on time; it then jumps straight to the earliest due timer. So a test that waits
/// an hour finishes at once and observes exactly one hour, and timers fire in the order of their due times. Timer
/// callbacks run as controlled operations that interleave with the rest of the test. Timestamps count from 0 in units of
/// <see cref="Stopwatch.Frequency"/>, so code that mixes <see cref="Stopwatch"/> arithmetic with this provider stays
/// consistent.</para>
/// <para>Compared with Go's <c>testing/synctest</c>, which this follows: an operation paused on anything (a lock, a task, a
/// semaphore) counts as blocked, not only one in a "durable" wait, because nothing outside the iteration can release it;
/// work that the scheduler does not control (a thread Coyote does not see, real I/O) is invisible, so time may advance
/// while such work is about to act; there is no <c>synctest.Wait</c>; and the iteration ends when the test returns,
/// abandoning pending timers and waiting tasks.</para>
/// <para>Outside an exploration <see cref="Current"/> is <see cref="TimeProvider.System"/>. An instance kept after its
/// iteration ended still reads that iteration's final time, and its timers no longer fire on their own.</para>
/// <para><b>Thread safety:</b> safe for concurrent use like any <see cref="TimeProvider"/>; under exploration the scheduler
/// runs one controlled operation at a time.</para>
/// <para><b>Happens-before:</b> creating or changing a timer happens-before each callback it leads to; reading the time
/// creates no edge.</para>
/// </remarks>
public sealed class VirtualTimeProvider : TimeProvider
{
    internal VirtualTimeProvider(VirtualClock clock) => Clock = clock;

    /// <summary>The running iteration's virtual time provider on a controlled operation of an exploration;
    /// <see cref="TimeProvider.System"/> anywhere else.</summary>
    public static TimeProvider Current => VirtualClock.Current?.Provider ?? TimeProvider.System;

    /// <summary>The virtual time elapsed since the iteration started.</summary>
    public TimeSpan Elapsed => Clock.Elapsed;

    /// <summary>The same as <see cref="Stopwatch.Frequency"/>.</summary>
    public override long TimestampFrequency => Stopwatch.Frequency;

    internal VirtualClock Clock { get; }

    /// <summary>The current virtual instant.</summary>
    public override DateTimeOffset GetUtcNow() => Clock.UtcNow;

    /// <summary>The current virtual timestamp: 0 when the iteration starts, in units of <see cref="TimestampFrequency"/>.</summary>
    public override long GetTimestamp() => Clock.Timestamp;

    /// <summary>Creates a timer on the virtual clock.</summary>
    /// <param name="callback">Runs as a new controlled operation each time the timer fires.</param>
    /// <param name="state">The argument of <paramref name="callback"/>.</param>
    /// <param name="dueTime">The virtual delay before the first firing; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="period">The virtual time between firings; zero or <see cref="Timeout.InfiniteTimeSpan"/> to fire once.</param>
    /// <returns>The timer; <see cref="ITimer.Change"/> re-arms it and disposing it stops it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> or <paramref name="period"/> is below -1 ms or
    /// above 4294967294 ms.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        TimeArguments.Validate(dueTime, nameof(dueTime));
        TimeArguments.Validate(period, nameof(period));
        var timer = new VirtualTimer(Clock, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc/>
    public override string ToString() => $"VirtualTimeProvider({GetUtcNow():O})";
}
