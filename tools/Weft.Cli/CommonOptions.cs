using System.CommandLine;

namespace Weft.Cli;

/// <summary>The options every verb accepts: they are declared once on the root command and are recursive.</summary>
internal sealed class CommonOptions
{
    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "Print without colour (also when the NO_COLOR environment variable is set and not empty).",
        Recursive = true,
    };

    public Option<bool> Diagnostics { get; } = new("--diagnostics")
    {
        Description = "On an internal error, print the full exception with its stack trace.",
        Recursive = true,
    };
}
