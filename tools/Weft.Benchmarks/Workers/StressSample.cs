namespace Weft.Benchmarks.Workers;

/// <summary>What a stress test of a scenario on real threads saw.</summary>
/// <param name="Runs">Runs of the scenario, including the failing one.</param>
/// <param name="Seconds">Wall-clock seconds of all runs.</param>
/// <param name="Failure">How the first failing run failed: <c>assertion-failure</c>, <c>unhandled-exception</c> or
/// <c>timeout</c> (a run that did not finish in time: a hang or a deadlock); <see langword="null"/> when every run passed.</param>
/// <param name="Message">The failure's message.</param>
internal sealed record StressSample(int Runs, double Seconds, string? Failure, string? Message)
{
    /// <summary>The failure name of a run that did not finish in time.</summary>
    public const string Timeout = "timeout";
}
