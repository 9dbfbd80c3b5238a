using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>A logical task of one iteration: a synchronous run of code with its own vector clock.</summary>
/// <remarks>
/// <para>Logical tasks are what happens-before is defined over: the test body; the body of a <c>Task.Run</c>,
/// <c>Task.Factory.StartNew</c>, <c>Thread</c> or <c>Parallel.*</c> iteration; and the part of an async method after an
/// <c>await</c> that suspended (its continuation runs concurrently with the method's caller). Ids are dense and assigned
/// in creation order, which the schedule determines, so a replay numbers the tasks the same way.</para>
/// <para>A task starts with its own clock entry at 1; its clock only changes through <see cref="SyncPoint"/>.</para>
/// <para><b>Thread safety:</b> used by the controlled operations of one iteration, which the scheduler runs one at a time.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class LogicalTask
{
    internal LogicalTask(RaceDetector owner, int id, string spawnSite)
    {
        Owner = owner;
        Id = id;
        SpawnSite = spawnSite;
        Clock.Increment(id);
    }

    /// <summary>The detector of the iteration this task belongs to.</summary>
    public RaceDetector Owner { get; }

    /// <summary>The task's id: its index in the iteration, 0 for the test body.</summary>
    public int Id { get; }

    /// <summary>How and where the task was started, e.g. <c>Task.Run at Counter.cs:18</c>.</summary>
    public string SpawnSite { get; }

    /// <summary>What the task knows of every task's progress; entry <see cref="Id"/> is its own. Changed only by <see cref="SyncPoint"/>.</summary>
    public VectorClock Clock { get; } = new();

    /// <summary>The task's current step.</summary>
    public Epoch Epoch => new(Id, Clock[Id]);

    /// <summary><c>task 3 (Task.Run at Counter.cs:18)</c>.</summary>
    public override string ToString() => $"task {Id} ({SpawnSite})";
}
