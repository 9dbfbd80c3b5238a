using Weft.Reporting;

namespace Weft.Catalog;

/// <summary>Declares a catalog scenario: its stable id, topic, one-line description and the bug Weft must report.</summary>
/// <remarks>
/// The id is kebab-case, <c>&lt;topic&gt;/&lt;name&gt;</c>, and renaming it is a breaking change. <see cref="Expected"/> is
/// <see cref="BugKind.None"/> for a correct scenario. Tests and the command line both read this attribute.
/// <b>Thread safety:</b> immutable.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ScenarioAttribute : Attribute
{
    /// <summary>Declares a scenario.</summary>
    /// <param name="id">The stable kebab-case id, <c>&lt;topic&gt;/&lt;name&gt;</c>.</param>
    /// <param name="description">One line saying what the scenario does (and, for a twin, what goes wrong).</param>
    public ScenarioAttribute(string id, string description)
    {
        Id = id;
        Description = description;
    }

    /// <summary>The stable kebab-case id, <c>&lt;topic&gt;/&lt;name&gt;</c>.</summary>
    public string Id { get; }

    /// <summary>One line saying what the scenario does.</summary>
    public string Description { get; }

    /// <summary>The bug kind exploration must report; <see cref="BugKind.None"/> (the default) for a correct scenario.</summary>
    public BugKind Expected { get; init; }

    /// <summary>Whether exploring the scenario detects data races.</summary>
    /// <value>Default <see langword="true"/>.</value>
    /// <remarks>Set it to <see langword="false"/> only on a twin whose bug is also a data race that detection would report
    /// before the bug the twin is about (a lost update that an assertion catches at the end): the scenario is then
    /// explored as if <see cref="Exploration.ExplorationOptions.DetectDataRaces"/> were off, whatever the options say.</remarks>
    public bool DetectDataRaces { get; init; } = true;
}
