namespace Weft.Benchmarks.Reporting;

/// <summary>The few statistics the report needs.</summary>
internal static class Statistics
{
    /// <summary>The median: the middle value, or the mean of the two middle values of an even count.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The median of samples where a miss counts as larger than every hit (as the time to a bug that was not found
    /// within the budget): the median hit, or <see langword="null"/> when misses make up half the samples or more.</summary>
    /// <param name="hits">The values of the samples that hit.</param>
    /// <param name="misses">How many samples missed.</param>
    public static double? MedianWithMisses(IReadOnlyList<double> hits, int misses)
    {
        int total = hits.Count + misses;
        if (total == 0 || misses * 2 >= total)
        {
            return null;
        }

        var sorted = hits.Order().ToArray();
        int middle = total / 2;
        // Misses sort last, so the middle rank(s) of all the samples fall among the hits.
        return total % 2 == 1 ? sorted[middle] : middle < sorted.Length ? (sorted[middle - 1] + sorted[middle]) / 2 : null;
    }

    /// <summary>The geometric mean, the right average of ratios.</summary>
    /// <exception cref="ArgumentException"><paramref name="ratios"/> is empty or has a value that is not positive.</exception>
    public static double GeometricMean(IEnumerable<double> ratios)
    {
        var values = ratios.ToArray();
        if (values.Length == 0 || values.Any(v => !(v > 0)))
        {
            throw new ArgumentException("The geometric mean needs at least one value, and only positive ones.", nameof(ratios));
        }

        return Math.Exp(values.Average(Math.Log));
    }
}
