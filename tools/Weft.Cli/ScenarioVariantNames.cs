using Weft.Catalog;

namespace Weft.Cli;

/// <summary>The names the command line prints for <see cref="ScenarioVariant"/> values, in tables and JSON.</summary>
internal static class ScenarioVariantNames
{
    /// <summary>Returns <c>correct</c> or <c>buggy</c>.</summary>
    public static string Of(ScenarioVariant variant) => variant switch
    {
        ScenarioVariant.Correct => "correct",
        ScenarioVariant.Buggy => "buggy",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown scenario variant."),
    };
}
