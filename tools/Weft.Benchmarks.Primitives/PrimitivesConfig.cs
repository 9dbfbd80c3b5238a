using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;

namespace Weft.Benchmarks.Primitives;

/// <summary>The configuration every benchmark of this project runs with, unless arguments on the command line add to it.</summary>
/// <remarks>
/// <para>The job is shorter than BenchmarkDotNet's default so that the whole suite (46 cases) runs in 12 to 13 minutes
/// on a loaded 2-core machine: one launch instead of several, and a fixed 3 warm-up and 15 measured iterations of
/// 500 ms instead of as many as the statistics ask for (up to 100 of each). Every case does thousands of operations per
/// invocation, so an iteration still holds many invocations. The price is wider error bars, which load widens more
/// (with other builds running, most ratios moved by 10% to 30% between runs, the most contended ones by up to 2×):
/// compare ratios measured in one run rather than absolute times across runs, and trust a difference when runs agree.</para>
/// <para>Columns, loggers, analysers and validators are BenchmarkDotNet's defaults. The memory diagnoser adds the Gen0
/// and Allocated columns (bytes allocated per operation, on every thread). The only exporter is the GitHub markdown
/// one, which writes the <c>results/*-report-github.md</c> tables that the benchmark report embeds; the command line's
/// <c>--exporters</c> adds others.</para>
/// </remarks>
internal static class PrimitivesConfig
{
    /// <summary>The job's name, shown in the reports.</summary>
    public const string JobId = "ShortRun-Primitives";

    /// <summary>Builds the configuration.</summary>
    public static IConfig Create()
    {
        var defaults = DefaultConfig.Instance;
        return ManualConfig.CreateEmpty()
            .AddColumnProvider([.. defaults.GetColumnProviders()])
            .AddLogger([.. defaults.GetLoggers()])
            .AddAnalyser([.. defaults.GetAnalysers()])
            .AddValidator([.. defaults.GetValidators()])
            .AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithId(JobId))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub);
    }
}
