namespace Weft.Catalog;

/// <summary>A catalog scenario: a small concurrent program that Weft explores.</summary>
/// <remarks>
/// A new instance is created for every iteration, so a scenario keeps its state in instance fields. Declare the scenario's
/// id and expected result with <see cref="ScenarioAttribute"/>. <b>Thread safety:</b> an instance is used by one iteration only.
/// </remarks>
public interface IScenario
{
    /// <summary>Runs the scenario once; a failed <see cref="Check"/> or an exception is a bug.</summary>
    Task RunAsync();
}
