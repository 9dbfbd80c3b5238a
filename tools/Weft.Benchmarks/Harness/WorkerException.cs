namespace Weft.Benchmarks.Harness;

/// <summary>A worker process failed or reported nothing; the report shows the message in the cell it would have filled.</summary>
internal sealed class WorkerException(string message) : Exception(message);
