using System.Diagnostics.CodeAnalysis;

namespace Weft.Reporting;

/// <summary>The registry of the kebab-case names of <see cref="BugKind"/> values.</summary>
/// <remarks>
/// <para>This is the only place the names are spelled; reports, trace files and the command line read them from here.</para>
/// <para><b>Thread safety:</b> immutable; safe for concurrent use.</para>
/// </remarks>
public static class BugKindNames
{
    private static readonly NameRegistry<BugKind> s_names = new(
        (BugKind.None, "none"),
        (BugKind.AssertionFailure, "assertion-failure"),
        (BugKind.UnhandledException, "unhandled-exception"),
        (BugKind.Deadlock, "deadlock"),
        (BugKind.Hang, "hang"),
        (BugKind.DataRace, "data-race"),
        (BugKind.LeakedTask, "leaked-task"));

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All => s_names.All;

    /// <summary>Returns the kebab-case name of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string Of(BugKind kind) => s_names.Of(kind);

    /// <summary>Parses a kebab-case name (case-insensitive).</summary>
    /// <returns><see langword="true"/> if <paramref name="name"/> names a kind.</returns>
    public static bool TryParse(string? name, [NotNullWhen(true)] out BugKind? kind) => s_names.TryParse(name, out kind);
}
