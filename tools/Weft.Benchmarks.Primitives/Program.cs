using BenchmarkDotNet.Running;
using Weft.Benchmarks.Primitives;

// BenchmarkDotNet's own command line (--filter, --list, --artifacts, --job, ...); the job and the columns are in
// PrimitivesConfig, which also says why the job is shorter than the default. Release only: on a Debug build,
// BenchmarkDotNet's validation refuses to run ("non-optimized") and the process exits with 1.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(PrimitivesConfig).Assembly).Run(args, PrimitivesConfig.Create());

// A case that failed to build or run, or a configuration BenchmarkDotNet rejected, fails the process, so that a script
// running the suite notices.
bool failed = summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success));
return failed ? 1 : 0;
