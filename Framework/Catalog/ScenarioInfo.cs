using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Catalog;

/// <summary>A discovered catalog scenario.</summary>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
public sealed class ScenarioInfo
{
    internal ScenarioInfo(Type type, ScenarioAttribute declaration)
    {
        Type = type;
        Id = declaration.Id;
        Description = declaration.Description;
        Expected = declaration.Expected;
        DetectDataRaces = declaration.DetectDataRaces;
    }

    /// <summary>The stable id, <c>&lt;topic&gt;/&lt;name&gt;</c>.</summary>
    public string Id { get; }

    /// <summary>The topic: the part of <see cref="Id"/> before the slash.</summary>
    public string Topic => Id[..Id.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>One line saying what the scenario does.</summary>
    public string Description { get; }

    /// <summary>The bug kind exploration must report; <see cref="BugKind.None"/> for a correct scenario.</summary>
    public BugKind Expected { get; }

    /// <summary>Whether exploring the scenario may detect data races (<see cref="ScenarioAttribute.DetectDataRaces"/>).</summary>
    public bool DetectDataRaces { get; }

    /// <summary>Correct or buggy, from <see cref="Expected"/>.</summary>
    public ScenarioVariant Variant => Expected == BugKind.None ? ScenarioVariant.Correct : ScenarioVariant.Buggy;

    /// <summary>The class that implements the scenario.</summary>
    public Type Type { get; }

    /// <summary>The identity recorded in trace files.</summary>
    public TestIdentity Identity => TestIdentity.ForScenario(Id);

    /// <summary>Returns the test delegate: each call creates a fresh instance and runs it.</summary>
    public Func<Task> CreateTest() => () => ((IScenario)Activator.CreateInstance(Type)!).RunAsync();

    /// <summary>Explores the scenario; races are detected only if both <paramref name="options"/> and the scenario allow it.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellation">Stops the exploration after the running iteration; the report lists what was found until then.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public ExplorationReport Explore(ExplorationOptions? options = null, CancellationToken cancellation = default) =>
        Explorer.Explore(Identity, new TestBody(CreateTest(), Type.Assembly), options, cancellation, DetectDataRaces);

    /// <summary>Replays a trace of this scenario.</summary>
    /// <exception cref="TraceFileException">The file is missing, corrupt, of a newer format, or recorded for another test.</exception>
    public ReplayResult Replay(string traceFile) =>
        ExplorationLoop.Replay(TraceFile.Load(traceFile), Identity, new TestBody(CreateTest(), Type.Assembly));
}
