using BenchmarkDotNet.Running;
using Weft.Benchmarks.Primitives;

// BenchmarkDotNet's own command line (--filter, --list, --artifacts, --job, ...); the job and the columns are in
// PrimitivesConfig, which also says why the job is shorter than the default.
#if DEBUG
Console.Error.WriteLine("Weft.Benchmarks.Primitives: build and run in Release: dotnet run -c Release --project tools/Weft.Benchmarks.Primitives -- --filter '*'");
return 2;
#else
var summaries = BenchmarkSwitcher.FromAssembly(typeof(PrimitivesConfig).Assembly).Run(args, PrimitivesConfig.Create());

// A case that failed to build or run, or a configuration BenchmarkDotNet rejected, fails the process, so that a script
// running the suite notices.
bool failed = summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success));
return failed ? 1 : 0;
#endif
