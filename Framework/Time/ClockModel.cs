using System.ComponentModel;

namespace Weft.Time;

/// <summary>The stand-in for reading the system clock: the build step redirects <c>TimeProvider.System</c>,
/// <c>DateTime.UtcNow</c>, <c>DateTime.Now</c>, <c>DateTimeOffset.UtcNow</c> and <c>DateTimeOffset.Now</c> in rewritten
/// code here.</summary>
/// <remarks>
/// <para>Under exploration each returns the iteration's virtual time (<see cref="VirtualTimeProvider"/>), which starts at
/// 2000-01-01T00:00:00Z and moves only when every controlled operation is blocked or waiting on time. Local times convert
/// the virtual instant with the machine's local time zone. Outside an exploration each returns the real value.</para>
/// <para><b>Thread safety:</b> safe for concurrent use. <b>Happens-before:</b> creates no edge.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ClockModel
{
    /// <summary>Stands in for <see cref="TimeProvider.System"/>.</summary>
    public static TimeProvider SystemProvider() => VirtualTimeProvider.Current;

    /// <summary>Stands in for <see cref="DateTime.UtcNow"/>.</summary>
    public static DateTime DateTimeUtcNow() => VirtualClock.Current is { } clock ? clock.UtcNow.UtcDateTime : DateTime.UtcNow;

    /// <summary>Stands in for <see cref="DateTime.Now"/>.</summary>
    public static DateTime DateTimeNow() =>
        VirtualClock.Current is { } clock ? TimeZoneInfo.ConvertTimeFromUtc(clock.UtcNow.UtcDateTime, TimeZoneInfo.Local) : DateTime.Now;

    /// <summary>Stands in for <see cref="DateTimeOffset.UtcNow"/>.</summary>
    public static DateTimeOffset DateTimeOffsetUtcNow() => VirtualClock.Current is { } clock ? clock.UtcNow : DateTimeOffset.UtcNow;

    /// <summary>Stands in for <see cref="DateTimeOffset.Now"/>.</summary>
    public static DateTimeOffset DateTimeOffsetNow() =>
        VirtualClock.Current is { } clock ? TimeZoneInfo.ConvertTime(clock.UtcNow, TimeZoneInfo.Local) : DateTimeOffset.Now;
}
