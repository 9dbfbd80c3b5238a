using Weft.Catalog;

namespace Weft.Scenarios;

/// <summary>The scenario catalog: every <see cref="ScenarioAttribute"/> class in this assembly.</summary>
/// <remarks><b>Thread safety:</b> the catalog is built once and immutable.</remarks>
public static class ScenarioAssembly
{
    private static readonly Lazy<ScenarioCatalog> s_catalog = new(() => ScenarioCatalog.Discover(typeof(ScenarioAssembly).Assembly));

    /// <summary>The catalog of this assembly's scenarios.</summary>
    public static ScenarioCatalog Catalog => s_catalog.Value;
}
