namespace Weft.Exploration;

/// <summary>How much scheduling work one engine run did.</summary>
/// <param name="SchedulingSteps">Scheduling decisions made, over all iterations.</param>
/// <param name="ControlledOperations">Controlled operations (tasks, continuations, threads) created, over all iterations;
/// the scheduler runs each on an OS thread of its own.</param>
internal readonly record struct EngineWork(long SchedulingSteps, long ControlledOperations);
