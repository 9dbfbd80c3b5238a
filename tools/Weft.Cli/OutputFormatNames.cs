namespace Weft.Cli;

/// <summary>The registry of the names of <see cref="OutputFormat"/> values, as typed after <c>--format</c>.</summary>
internal static class OutputFormatNames
{
    private static readonly (OutputFormat Format, string Name)[] s_names =
    [
        (OutputFormat.Text, "text"),
        (OutputFormat.Json, "json"),
    ];

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = s_names.Select(n => n.Name).ToArray();

    /// <summary>Returns the name of <paramref name="format"/>.</summary>
    public static string Of(OutputFormat format) => s_names.First(n => n.Format == format).Name;

    /// <summary>Parses a name (case-insensitive).</summary>
    public static bool TryParse(string? name, out OutputFormat format)
    {
        foreach (var (f, n) in s_names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                format = f;
                return true;
            }
        }

        format = default;
        return false;
    }
}
