using System.Reflection;
using System.Text.RegularExpressions;
using Weft.Reporting;

namespace Weft.Catalog;

/// <summary>Finds the scenarios of an assembly by their <see cref="ScenarioAttribute"/>; there is no hand-kept list.</summary>
/// <remarks><b>Thread safety:</b> immutable once built; safe for concurrent use.</remarks>
public sealed partial class ScenarioCatalog
{
    private readonly Dictionary<string, ScenarioInfo> _byId;

    private ScenarioCatalog(IReadOnlyList<ScenarioInfo> scenarios)
    {
        Scenarios = scenarios;
        _byId = scenarios.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Every scenario, ordered by id.</summary>
    public IReadOnlyList<ScenarioInfo> Scenarios { get; }

    /// <summary>Discovers the scenarios declared in <paramref name="assembly"/>.</summary>
    /// <exception cref="InvalidOperationException">A scenario has an id that is not kebab-case <c>topic/name</c>, two share an
    /// id, or a declared class does not implement <see cref="IScenario"/> with a public parameterless constructor.</exception>
    public static ScenarioCatalog Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var scenarios = new List<ScenarioInfo>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<ScenarioAttribute>() is not { } declaration)
            {
                continue;
            }

            if (!IdPattern().IsMatch(declaration.Id))
            {
                throw new InvalidOperationException($"Scenario {type.FullName} has id '{declaration.Id}', which is not kebab-case 'topic/name'.");
            }

            if (!typeof(IScenario).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException($"Scenario {type.FullName} must be a concrete {nameof(IScenario)} with a public parameterless constructor.");
            }

            scenarios.Add(new ScenarioInfo(type, declaration));
        }

        var duplicate = scenarios.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Scenario id '{duplicate.Key}' is declared by {string.Join(" and ", duplicate.Select(s => s.Type.FullName))}.");
        }

        return new ScenarioCatalog(scenarios.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray());
    }

    /// <summary>Finds a scenario by id.</summary>
    public bool TryFind(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScenarioInfo? scenario) =>
        _byId.TryGetValue(id, out scenario);

    /// <summary>The ids closest to <paramref name="id"/>, best first, for a "did you mean" hint.</summary>
    public IReadOnlyList<string> Suggest(string id) =>
        Scenarios.Select(s => (s.Id, Distance: EditDistance.Between(id, s.Id)))
            .Where(c => c.Distance <= Math.Max(3, id.Length / 3) || c.Id.Contains(id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance)
            .Take(3)
            .Select(c => c.Id)
            .ToArray();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
