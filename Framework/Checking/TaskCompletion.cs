using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>What happens-before the observed completion of one task or thread: the point its last step released into, and
/// the completions it is made of.</summary>
/// <remarks>
/// <para>Whoever completes the task releases into <see cref="Point"/>: the wrapper around a <c>Task.Run</c> body when the
/// body returns, an async method when it sets its result, a <c>TaskCompletionSource</c> when it is set. Tasks made from
/// other tasks add those: <c>Task.WhenAll</c> completes after all of <see cref="AllOf"/>, <c>Task.WhenAny</c> after its
/// winner (the result of <see cref="WinnerOf"/>), and the proxy of <c>Task.Run(async () =&gt; ...)</c> after the inner task
/// (<see cref="Inner"/>). Observing the completion (<c>await</c>, <c>Wait</c>, <c>Result</c>, <c>Join</c>) acquires all of it
/// through <see cref="RaceDetector.Join"/>.</para>
/// <para><b>Thread safety:</b> used by the controlled operations of one iteration, which the scheduler runs one at a time.</para>
/// <para><b>Happens-before:</b> each release into <see cref="Point"/> happens-before every observation of the completion.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class TaskCompletion
{
    /// <summary>The point the completing step releases into.</summary>
    public SyncPoint Point { get; } = new();

    /// <summary>A synchronisation point that observing the completion acquires: the semaphore a <c>WaitAsync</c> task takes.</summary>
    public SyncPoint? Acquires { get; init; }

    /// <summary>Tasks that all complete before this one (<c>Task.WhenAll</c>).</summary>
    public Task[]? AllOf { get; init; }

    /// <summary>For a <c>Task.WhenAny</c> task (this completion's own task), whose result is the winner.</summary>
    public Task? WinnerOf { get; init; }

    /// <summary>The completion recorded for the same task before this one was registered; part of this one.</summary>
    public TaskCompletion? Replaced { get; set; }

    /// <summary>The task an async body returned (<c>Task.Run(async () =&gt; ...)</c>); set when the body returns.</summary>
    public Task? Inner { get; set; }

    /// <summary>The winner of <see cref="WinnerOf"/>, once it completed successfully; <see langword="null"/> otherwise.</summary>
    public Task? Winner() =>
        WinnerOf is { IsCompletedSuccessfully: true } whenAny
            ? whenAny.GetType().GetProperty(nameof(Task<Task>.Result))?.GetValue(whenAny) as Task
            : null;
}
