using System.Globalization;

namespace Weft.Cli;

/// <summary>Parses the durations users type: a number with a unit (<c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, also
/// fractional like <c>1.5h</c>) or the clock form <c>hh:mm:ss</c>.</summary>
/// <remarks>A two-part <c>5:00</c> is rejected rather than guessed at (five minutes or five hours?).</remarks>
internal static class DurationParser
{
    /// <summary>The forms, for help and error messages.</summary>
    public const string Forms = "250ms, 30s, 5m, 1h or hh:mm:ss";

    private static readonly (string Suffix, double Milliseconds)[] s_units =
    [
        ("ms", 1),
        ("s", 1_000),
        ("m", 60_000),
        ("h", 3_600_000),
    ];

    /// <summary>Parses <paramref name="text"/>; returns <see langword="false"/> for anything else, including overflow.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // Exactly hh:mm:ss (hours may exceed 23), so that "5:00" is not silently read as five hours.
            string[] parts = text.Split(':');
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) || minutes > 59
                || !double.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || seconds >= 60)
            {
                return false;
            }

            return TryCreate(((hours * 60.0) + minutes) * 60_000 + (seconds * 1_000), out duration);
        }

        // "ms" is tried before "m" and "s", so "250ms" is not read as "250m" followed by junk.
        foreach (var (suffix, milliseconds) in s_units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
            {
                return TryCreate(amount * milliseconds, out duration);
            }
        }

        return false;
    }

    private static bool TryCreate(double milliseconds, out TimeSpan duration)
    {
        if (double.IsFinite(milliseconds) && milliseconds >= 0 && milliseconds <= TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            duration = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        duration = default;
        return false;
    }
}
