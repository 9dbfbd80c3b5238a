namespace Weft.Benchmarks.Workers;

/// <summary>One exploration of a buggy scenario until its first bug.</summary>
/// <param name="Strategy">Weft's strategy name.</param>
/// <param name="Seed">The seed of the exploration.</param>
/// <param name="Found">Whether the bug kind the scenario declares was found.</param>
/// <param name="Kind">The kind of the first bug found, if any (kebab-case).</param>
/// <param name="Iterations">Iterations to the first bug (including it), or every iteration that ran when none was found.</param>
/// <param name="Seconds">Wall-clock seconds of the exploration.</param>
/// <param name="Skipped">Not run: more than half the seeds had already failed, so the median was settled.</param>
internal sealed record PowerSample(string Strategy, uint Seed, bool Found, string? Kind, int Iterations, double Seconds, bool Skipped = false);
