using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>What one run of the scheduling engine produced.</summary>
/// <param name="IterationsRun">Iterations that ran.</param>
/// <param name="Failure">The bug found, if any, with the 0-based index of its iteration within this run and the schedule that replays it.</param>
/// <param name="UncontrolledCalls">Methods the test called that the scheduler does not control, as the scheduler named them.</param>
/// <param name="Work">The scheduling decisions and controlled operations of the iterations that ran.</param>
internal sealed record EngineRun(int IterationsRun, EngineFailure? Failure, IReadOnlyList<string> UncontrolledCalls, EngineWork Work);


/// <summary>A bug found by one engine run.</summary>
internal sealed record EngineFailure(int IterationIndex, BugKind Kind, string Message, string Details, string Schedule);
