namespace Weft.Time;

/// <summary>The argument rules the BCL's timers and delays apply to due times, periods and delays.</summary>
internal static class TimeArguments
{
    /// <summary>The longest finite timeout a timer supports, in milliseconds (0xfffffffe).</summary>
    public const long MaxMilliseconds = uint.MaxValue - 1;

    /// <summary>Checks a due time, period or delay given as a <see cref="TimeSpan"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is below -1 ms or above <see cref="MaxMilliseconds"/>.</exception>
    public static void Validate(TimeSpan value, string paramName)
    {
        long milliseconds = (long)value.TotalMilliseconds;
        if (milliseconds < -1 || milliseconds > MaxMilliseconds)
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"The value must be between -1 ms (infinite) and {MaxMilliseconds} ms.");
        }
    }

    /// <summary>Checks a due time, period or delay given in milliseconds and converts it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is below -1 or above <see cref="MaxMilliseconds"/>.</exception>
    public static TimeSpan FromMilliseconds(long milliseconds, string paramName)
    {
        if (milliseconds < -1 || milliseconds > MaxMilliseconds)
        {
            throw new ArgumentOutOfRangeException(paramName, milliseconds,
                $"The value must be between -1 (infinite) and {MaxMilliseconds}.");
        }

        return milliseconds == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds);
    }
}
