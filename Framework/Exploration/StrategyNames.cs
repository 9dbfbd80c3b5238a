using System.Diagnostics.CodeAnalysis;

namespace Weft.Exploration;

/// <summary>The registry of the kebab-case names of <see cref="StrategyKind"/> values.</summary>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
public static class StrategyNames
{
    private static readonly (StrategyKind Kind, string Name)[] s_names =
    [
        (StrategyKind.Portfolio, "portfolio"),
        (StrategyKind.Random, "random"),
        (StrategyKind.Probabilistic, "probabilistic"),
        (StrategyKind.Pct, "pct"),
        (StrategyKind.FairPct, "fair-pct"),
    ];

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = s_names.Select(n => n.Name).ToArray();

    /// <summary>Returns the kebab-case name of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string Of(StrategyKind kind)
    {
        foreach (var (k, name) in s_names)
        {
            if (k == kind)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown strategy.");
    }

    /// <summary>Parses a kebab-case name (case-insensitive).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out StrategyKind? kind)
    {
        foreach (var (k, n) in s_names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = null;
        return false;
    }
}
