using System.Diagnostics;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Models;

/// <summary>The state of one <see cref="Barrier"/> under exploration: its participants, how many of them have still to
/// signal in the current phase, the phase number, and what the last phase's post-phase action threw.</summary>
/// <remarks>
/// <para>Each phase has a token object of its own (<see cref="PhaseToken"/>): the participants of a phase release into it
/// when they signal and acquire from it when the phase ends, so the edges of one phase do not leak into the next.</para>
/// <para><b>Thread safety:</b> read and written only by controlled operations, which the scheduler runs one at a time.</para>
/// </remarks>
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not touch it.")]
internal sealed class BarrierState(int participants, Action<Barrier>? postPhaseAction)
{
    /// <summary>The iteration this state belongs to: a barrier shared by iterations (a static one) starts each with a fresh
    /// state, since an iteration can end in the middle of a phase.</summary>
    public IterationState? Iteration { get; } = IterationState.Current;

    /// <summary>The registered participants.</summary>
    public int Participants { get; private set; } = participants;

    /// <summary>How many participants have still to signal in the current phase; between 0 and <see cref="Participants"/>.</summary>
    public int Remaining { get; private set; } = participants;

    /// <summary>The current phase, 0 first.</summary>
    public long Phase { get; private set; }

    /// <summary>The current phase's identity, for its happens-before edges; a new object each phase.</summary>
    public object PhaseToken { get; private set; } = new();

    /// <summary>What the post-phase action of the phase that ended last threw, or <see langword="null"/>.</summary>
    public Exception? PostPhaseException { get; private set; }

    /// <summary>The managed id of the thread running the post-phase action, or 0.</summary>
    public int PostPhaseThread { get; private set; }

    /// <summary>Whether the barrier was disposed through the model. Never reset.</summary>
    public bool IsDisposed { get; set; }

    /// <summary>The post-phase action.</summary>
    public Action<Barrier>? PostPhaseAction { get; } = postPhaseAction;

    /// <summary>Adds <paramref name="count"/> participants to the current phase.</summary>
    public void Add(int count)
    {
        AssertInvariants();
        Participants += count;
        Remaining += count;
    }

    /// <summary>Removes <paramref name="count"/> participants that have not signalled in the current phase.</summary>
    /// <returns>Whether the phase has no participant left to wait for.</returns>
    public bool Remove(int count)
    {
        AssertInvariants();
        Participants -= count;
        Remaining -= count;
        return Remaining == 0 && Participants > 0;
    }

    /// <summary>Records one participant's signal.</summary>
    /// <returns>Whether it was the last the phase waited for.</returns>
    public bool Signal()
    {
        AssertInvariants();
        Remaining--;
        return Remaining == 0;
    }

    /// <summary>Withdraws the signal of a participant that stopped waiting (timeout or cancellation) before its phase ended.</summary>
    public void Withdraw()
    {
        AssertInvariants();
        Remaining++;
    }

    /// <summary>Ends the current phase: records what its post-phase action threw, and starts the next one.</summary>
    public void EndPhase(Exception? postPhaseException)
    {
        AssertInvariants();
        PostPhaseException = postPhaseException;
        Phase++;
        PhaseToken = new object();
        Remaining = Participants;
    }

    /// <summary>Marks the calling thread as running the post-phase action (or no thread, with 0).</summary>
    public void RunningPostPhase(int thread) => PostPhaseThread = thread;

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Participants >= 0, "The participant count cannot be negative.");
        Debug.Assert(Remaining >= 0 && Remaining <= Participants, "The participants remaining must be between 0 and the participants.");
    }
}
