using Weft.Catalog;

namespace Weft.Cli;

/// <summary>Words the one-line message about an unknown scenario id, with a "did you mean" hint from the catalog.</summary>
internal static class ScenarioNotFound
{
    /// <summary>For example <c>unknown scenario 'atomics/countr'; did you mean 'atomics/counter'?</c></summary>
    public static string Message(ScenarioCatalog catalog, string id)
    {
        var suggestions = catalog.Suggest(id).Select(s => $"'{s}'").ToArray();
        return suggestions.Length == 0
            ? $"unknown scenario '{id}'; 'weft list' shows every scenario."
            : $"unknown scenario '{id}'; did you mean {JoinAlternatives(suggestions)}?";
    }

    private static string JoinAlternatives(string[] items) =>
        items.Length == 1 ? items[0] : string.Join(", ", items[..^1]) + " or " + items[^1];
}
