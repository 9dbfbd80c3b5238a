using System.ComponentModel;

namespace Weft.Time;

/// <summary>The stand-in for <see cref="PeriodicTimer"/>'s constructors: the build step redirects them in rewritten code
/// here.</summary>
/// <remarks>
/// <para>Under exploration the model returns a real <see cref="PeriodicTimer"/> built on the iteration's
/// <see cref="VirtualTimeProvider"/> (also when <see cref="TimeProvider.System"/> is passed), so its ticks come from the
/// virtual clock: a loop that waits for N ticks sees exactly N periods of virtual time and takes no wall time. The real
/// type keeps its semantics: ticks that nobody waits for coalesce into one, and <see cref="PeriodicTimer.Dispose"/> makes a
/// pending wait return <see langword="false"/>. A timer given another provider uses that provider. Outside an exploration
/// every call goes to the real constructor.</para>
/// <para><b>Thread safety:</b> safe for concurrent use. <b>Happens-before:</b> each tick happens-before the
/// <see cref="PeriodicTimer.WaitForNextTickAsync"/> it completes.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PeriodicTimerModel
{
    /// <summary>Stands in for <see cref="PeriodicTimer(TimeSpan)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not positive (or infinite) or is too long.</exception>
    public static PeriodicTimer Create(TimeSpan period) =>
        VirtualClock.Current is { } clock ? new PeriodicTimer(period, clock.Provider) : new PeriodicTimer(period);

    /// <summary>Stands in for <see cref="PeriodicTimer(TimeSpan, TimeProvider)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not positive (or infinite) or is too long.</exception>
    public static PeriodicTimer Create(TimeSpan period, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new PeriodicTimer(period, DelayModel.ClockFor(timeProvider)?.Provider ?? timeProvider);
    }
}
