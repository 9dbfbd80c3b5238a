namespace Weft.Benchmarks.Reporting;

/// <summary>Everything one run of <c>report</c> measured; <see cref="BenchmarkReport"/> turns it into markdown.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Quick">Whether the run was a quick pass.</param>
/// <param name="Command">The command that regenerates the report.</param>
/// <param name="Settings">The measurement settings, as one line for the reader.</param>
/// <param name="Throughput">The throughput table, if measured.</param>
/// <param name="Levers">The lever table, if measured.</param>
/// <param name="Profile">Where Coyote's time goes, from <c>perf</c>: a preformatted text, or a note.</param>
/// <param name="Power">The bug-finding table, if measured.</param>
/// <param name="Primitives">The primitives benchmarks, if run.</param>
/// <param name="LoadAfter">The load average when the run ended.</param>
/// <param name="Duration">How long the run took.</param>
internal sealed record BenchmarkResults(
    MachineInfo Machine,
    bool Quick,
    string Command,
    string Settings,
    ThroughputResults? Throughput,
    IReadOnlyList<LeverResult>? Levers,
    string? Profile,
    IReadOnlyList<PowerRow>? Power,
    PrimitivesResults? Primitives,
    string LoadAfter,
    TimeSpan Duration);
