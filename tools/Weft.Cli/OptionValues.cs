using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Weft.Cli;

/// <summary>Custom parsers for option values, so that a bad value gives one line naming the option, the rule and the value,
/// and a bad name lists the allowed ones.</summary>
internal static class OptionValues
{
    public static int? Int32(ArgumentResult result, Option option)
    {
        string text = Single(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        result.AddError($"{option.Name} must be a whole number (was '{text}').");
        return null;
    }

    public static uint? UInt32(ArgumentResult result, Option option)
    {
        string text = Single(result);
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
        {
            return value;
        }

        result.AddError(Invariant($"{option.Name} must be a whole number from 0 to {uint.MaxValue} (was '{text}')."));
        return null;
    }

    /// <summary>Parses one of the registry's <paramref name="names"/>; otherwise adds an error that lists them.</summary>
    public static T? Name<T>(ArgumentResult result, Option option, IReadOnlyList<string> names, Func<string, T?> parse)
        where T : struct
    {
        string text = Single(result);
        if (parse(text) is { } value)
        {
            return value;
        }

        result.AddError($"{option.Name} must be one of {string.Join(", ", names)} (was '{text}').");
        return null;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
