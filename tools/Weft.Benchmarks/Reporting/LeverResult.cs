namespace Weft.Benchmarks.Reporting;

/// <summary>One lever's effect.</summary>
/// <param name="Name">The lever's short name.</param>
/// <param name="What">What it changes.</param>
/// <param name="Speedup">Iterations per second with the lever over the baseline's in the same rounds (median of the rounds'
/// ratios); <see langword="null"/> when it could not be measured.</param>
/// <param name="Note">A failure or a remark.</param>
/// <param name="Low">The lowest round's iterations per second over the baseline median.</param>
/// <param name="High">The highest round's iterations per second over the baseline median.</param>
internal sealed record LeverResult(string Name, string What, double? Speedup, string? Note, double? Low = null, double? High = null);
