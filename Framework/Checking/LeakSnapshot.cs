namespace Weft.Checking;

/// <summary>What was still pending at one look after the test returned.</summary>
/// <param name="Tasks">Sites of started tasks that have not completed, in start order.</param>
/// <param name="Waits">What pending work waits on: "a TaskCompletionSource at Type.Method (File.cs:12)".</param>
/// <param name="Operations">Scheduler operations (tasks, threads, continuations) that have not completed.</param>
internal sealed record LeakSnapshot(IReadOnlyList<string> Tasks, IReadOnlyList<string> Waits, IReadOnlyList<PendingTask> Operations)
{
    /// <summary>Nothing is pending.</summary>
    public static LeakSnapshot None { get; } = new([], [], []);

    /// <summary>Whether nothing is pending.</summary>
    public bool IsEmpty => Tasks.Count == 0 && Operations.Count == 0;
}
