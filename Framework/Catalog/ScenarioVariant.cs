namespace Weft.Catalog;

/// <summary>Whether a scenario is a correct implementation or one of its broken twins.</summary>
public enum ScenarioVariant
{
    /// <summary>The correct implementation: exploration must find no bug.</summary>
    Correct,

    /// <summary>A broken twin: exploration must report the bug kind the scenario declares.</summary>
    Buggy,
}
