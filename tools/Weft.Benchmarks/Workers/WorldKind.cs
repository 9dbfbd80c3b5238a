namespace Weft.Benchmarks.Workers;

/// <summary>How the workload assemblies of a worker's folder were built.</summary>
internal enum WorldKind
{
    /// <summary>Rewritten by Weft's build step: Weft's passes, then Coyote's rewriting.</summary>
    Weft,

    /// <summary>Rewritten by Coyote alone.</summary>
    Coyote,

    /// <summary>Not rewritten: tasks run on real threads.</summary>
    Plain,
}
