using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>The result of replaying a trace file.</summary>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
public sealed class ReplayResult
{
    internal ReplayResult(TraceFile trace, Bug? actual)
    {
        Trace = trace;
        Actual = actual;
    }

    /// <summary>The trace that was replayed.</summary>
    public TraceFile Trace { get; }

    /// <summary>The bug the trace recorded.</summary>
    public Bug Expected => Trace.Bug;

    /// <summary>The bug the replay met, or <see langword="null"/> if the replayed iteration found none.</summary>
    public Bug? Actual { get; }

    /// <summary><see langword="true"/> when the replay met the recorded bug: same kind and same message.</summary>
    public bool Reproduced => Actual is not null && Actual.IsSameBugAs(Expected);

    /// <summary>A text report for people.</summary>
    public override string ToString() => Reproduced
        ? $"{Trace.Test.DisplayName}: reproduced [{BugKindNames.Of(Expected.Kind)}] {Expected.Message}"
        : $"{Trace.Test.DisplayName}: did not reproduce [{BugKindNames.Of(Expected.Kind)}] {Expected.Message}; replay found "
          + (Actual is null ? "no bug" : $"[{BugKindNames.Of(Actual.Kind)}] {Actual.Message}");
}
