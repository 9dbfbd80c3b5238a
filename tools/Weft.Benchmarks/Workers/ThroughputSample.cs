namespace Weft.Benchmarks.Workers;

/// <summary>What a throughput worker measured.</summary>
/// <param name="Iterations">Iterations that ran.</param>
/// <param name="Seconds">Their wall-clock time.</param>
/// <param name="Steps">Scheduling decisions over all iterations.</param>
/// <param name="Operations">Controlled operations (each on an OS thread of its own) over all iterations.</param>
/// <param name="Bugs">Iterations that reported a bug (the throughput scenarios are correct, so any bug is a false one).</param>
/// <param name="FirstBug">The first bug's message, if any.</param>
internal sealed record ThroughputSample(int Iterations, double Seconds, long Steps, long Operations, int Bugs, string? FirstBug)
{
    /// <summary>Iterations per second.</summary>
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;

    /// <summary>Microseconds per scheduling decision, or <see langword="null"/> when none was counted.</summary>
    public double? MicrosecondsPerStep => Steps > 0 ? Seconds * 1e6 / Steps : null;
}
