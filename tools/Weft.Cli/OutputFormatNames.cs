using Weft.Reporting;

namespace Weft.Cli;

/// <summary>The registry of the names of <see cref="OutputFormat"/> values, as typed after <c>--format</c>.</summary>
internal static class OutputFormatNames
{
    private static readonly NameRegistry<OutputFormat> s_names = new((OutputFormat.Text, "text"), (OutputFormat.Json, "json"));

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All => s_names.All;

    /// <summary>Returns the name of <paramref name="format"/>.</summary>
    public static string Of(OutputFormat format) => s_names.Of(format);

    /// <summary>Parses a name (case-insensitive).</summary>
    public static bool TryParse(string? name, out OutputFormat format)
    {
        bool known = s_names.TryParse(name, out var parsed);
        format = parsed ?? default;
        return known;
    }
}
