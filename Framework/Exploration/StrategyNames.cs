using System.Diagnostics.CodeAnalysis;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The registry of the kebab-case names of <see cref="StrategyKind"/> values.</summary>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
public static class StrategyNames
{
    private static readonly NameRegistry<StrategyKind> s_names = new(
        (StrategyKind.Portfolio, "portfolio"),
        (StrategyKind.Random, "random"),
        (StrategyKind.Probabilistic, "probabilistic"),
        (StrategyKind.Pct, "pct"),
        (StrategyKind.FairPct, "fair-pct"));

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All => s_names.All;

    /// <summary>Returns the kebab-case name of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string Of(StrategyKind kind) => s_names.Of(kind);

    /// <summary>Parses a kebab-case name (case-insensitive).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out StrategyKind? kind) => s_names.TryParse(name, out kind);
}
