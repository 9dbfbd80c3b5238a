using System.Globalization;

namespace Weft.Benchmarks.Reporting;

/// <summary>How the report writes numbers: invariant culture, a few significant digits, ratios with a trailing ×.</summary>
internal static class Figures
{
    /// <summary>A ratio such as <c>1.23×</c>: two decimals below 10, one below 100, none above.</summary>
    public static string Ratio(double ratio) =>
        double.IsFinite(ratio)
            ? ratio switch
            {
                < 10 => ratio.ToString("0.00", CultureInfo.InvariantCulture),
                < 100 => ratio.ToString("0.0", CultureInfo.InvariantCulture),
                _ => ratio.ToString("#,0", CultureInfo.InvariantCulture),
            } + "×"
            : "n/a";

    /// <summary>A count or a measured quantity with three significant digits at most, and thousands separators.</summary>
    public static string Number(double value) =>
        !double.IsFinite(value) ? "n/a"
        : Math.Abs(value) >= 100 ? Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Seconds, as <c>0.12 s</c> or <c>12.3 s</c>.</summary>
    public static string Seconds(double seconds) => Number(seconds) + " s";

    /// <summary>Whether a cost ratio meets a limit, as a word for a table cell.</summary>
    public static string Verdict(double ratio, double limit) => ratio <= limit ? "within" : "over";
}
