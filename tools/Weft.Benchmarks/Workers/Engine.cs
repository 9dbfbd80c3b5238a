namespace Weft.Benchmarks.Workers;

/// <summary>What drives an exploration in a throughput worker.</summary>
internal enum Engine
{
    /// <summary>Coyote's <c>TestingEngine</c> on assemblies rewritten by Coyote alone: no Weft pass, no Weft checker.</summary>
    Coyote,

    /// <summary>Weft's explorer on assemblies rewritten by Weft's build step.</summary>
    Weft,
}
