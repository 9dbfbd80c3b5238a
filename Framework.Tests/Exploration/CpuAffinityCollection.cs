namespace Weft.Tests.Exploration;

/// <summary>Tests that read the CPU affinity of new threads run alone, after the parallel tests: an exploration running
/// meanwhile would pin the threads they create (see <c>CpuAffinity</c>).</summary>
[CollectionDefinition(nameof(CpuAffinityCollection), DisableParallelization = true)]
public sealed class CpuAffinityCollection;
