using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>One configuration of the throughput table: Coyote alone, or Weft with a set of checkers.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Engine">Coyote alone or Weft.</param>
/// <param name="DetectDataRaces">Weft's race detection.</param>
/// <param name="DetectLeakedTasks">Weft's leak detection.</param>
/// <param name="RunOnOneCpu">Weft's <c>RunOnOneCpu</c>. Off in the checker comparisons, so that they compare Weft's own work
/// with Coyote's under the same thread placement; on in <see cref="Default"/>, Weft as it ships.</param>
internal sealed record ThroughputConfig(string Name, Engine Engine, bool DetectDataRaces, bool DetectLeakedTasks, bool RunOnOneCpu = false)
{
    public static readonly ThroughputConfig CoyoteAlone = new("Coyote alone", Engine.Coyote, false, false);
    public static readonly ThroughputConfig AllOn = new("Weft, all checkers", Engine.Weft, true, true);
    public static readonly ThroughputConfig RacesOff = new("Weft, races off", Engine.Weft, false, true);
    public static readonly ThroughputConfig LeaksOff = new("Weft, leaks off", Engine.Weft, true, false);
    public static readonly ThroughputConfig AllOff = new("Weft, no checker", Engine.Weft, false, false);
    public static readonly ThroughputConfig Default = new("Weft as shipped (all checkers, one CPU)", Engine.Weft, true, true, RunOnOneCpu: true);

    /// <summary>Every configuration, Coyote alone first: the reference of every ratio.</summary>
    public static readonly IReadOnlyList<ThroughputConfig> All = [CoyoteAlone, AllOn, RacesOff, LeaksOff, AllOff, Default];
}
