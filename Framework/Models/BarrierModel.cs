using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.Runtime;
using Weft.Checking;
using Weft.Instrumentation;

namespace Weft.Models;

/// <summary>The controlled stand-in for <see cref="Barrier"/>: the build step redirects its constructors, methods and
/// properties in rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="Barrier"/>: a participant that waits for the others blocks for real.
/// Under exploration this model keeps each barrier's participants, phase and remaining count itself
/// (<see cref="BarrierState"/>): <c>SignalAndWait</c> is a scheduling point, the last participant of a phase runs the
/// post-phase action and starts the next phase, and the others pause in the scheduler until their phase has ended, so a
/// phase that can never end is reported as a deadlock. A post-phase action that throws makes every participant of that
/// phase throw <see cref="BarrierPostPhaseException"/>. A <c>SignalAndWait</c> with a finite timeout gives the others one
/// scheduling step to finish the phase; one that times out or is cancelled withdraws its signal. Outside an exploration
/// every call goes to the real barrier, which the model also uses as the barrier's identity and to check constructor
/// arguments.</para>
/// <para>Known limit: a barrier created outside an exploration and used under one starts with its participant count but
/// without its post-phase action.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="Barrier"/>. Under exploration the scheduler runs one
/// controlled operation at a time, so the model's state needs no lock of its own.</para>
/// <para><b>Happens-before:</b> everything each participant of a phase did before its <c>SignalAndWait</c> happens-before
/// the post-phase action and everything every participant does after the phase; the post-phase action happens-before the
/// latter too.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("The model stands in for an uncontrolled type; Coyote must not touch its own calls of the real barrier.")]
public static class BarrierModel
{
    /// <summary>The state of every barrier used under exploration; entries die with their barrier.</summary>
    private static readonly ConditionalWeakTable<Barrier, BarrierState> s_states = [];

    /// <summary>Stands in for <see cref="Barrier(int)"/>.</summary>
    /// <param name="participantCount">The participants.</param>
    /// <returns>A new barrier.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantCount"/> is below 0 or above 32767.</exception>
    public static Barrier Create(int participantCount) => Create(participantCount, null);

    /// <summary>Stands in for <see cref="Barrier(int, Action{Barrier})"/>.</summary>
    /// <param name="participantCount">The participants.</param>
    /// <param name="postPhaseAction">Runs after each phase, before the participants go on.</param>
    /// <returns>A new barrier.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantCount"/> is below 0 or above 32767.</exception>
    public static Barrier Create(int participantCount, Action<Barrier>? postPhaseAction)
    {
        var barrier = new Barrier(participantCount, postPhaseAction);
        s_states.AddOrUpdate(barrier, new BarrierState(participantCount, postPhaseAction));
        return barrier;
    }

    /// <summary>Stands in for <see cref="Barrier.SignalAndWait()"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <exception cref="InvalidOperationException">The barrier has no participants, more participants signal than it has,
    /// or the post-phase action calls it.</exception>
    /// <exception cref="BarrierPostPhaseException">The phase's post-phase action threw.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void SignalAndWait(Barrier instance) => SignalAndWait(instance, Timeout.Infinite, default);

    /// <summary>Stands in for <see cref="Barrier.SignalAndWait(CancellationToken)"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The barrier has no participants, more participants signal than it has,
    /// or the post-phase action calls it.</exception>
    /// <exception cref="BarrierPostPhaseException">The phase's post-phase action threw.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void SignalAndWait(Barrier instance, CancellationToken cancellationToken) => SignalAndWait(instance, Timeout.Infinite, cancellationToken);

    /// <summary>Stands in for <see cref="Barrier.SignalAndWait(int)"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <returns>Whether the phase ended in time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="InvalidOperationException">The barrier has no participants, more participants signal than it has,
    /// or the post-phase action calls it.</exception>
    /// <exception cref="BarrierPostPhaseException">The phase's post-phase action threw.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool SignalAndWait(Barrier instance, int millisecondsTimeout) => SignalAndWait(instance, millisecondsTimeout, default);

    /// <summary>Stands in for <see cref="Barrier.SignalAndWait(TimeSpan)"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <returns>Whether the phase ended in time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="InvalidOperationException">The barrier has no participants, more participants signal than it has,
    /// or the post-phase action calls it.</exception>
    /// <exception cref="BarrierPostPhaseException">The phase's post-phase action threw.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool SignalAndWait(Barrier instance, TimeSpan timeout) => SignalAndWait(instance, SignalWaits.Milliseconds(timeout), default);

    /// <summary>Stands in for <see cref="Barrier.SignalAndWait(TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="timeout">How long to wait, or -1 ms to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the phase ended in time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is below -1 ms or above <see cref="int.MaxValue"/> ms.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The barrier has no participants, more participants signal than it has,
    /// or the post-phase action calls it.</exception>
    /// <exception cref="BarrierPostPhaseException">The phase's post-phase action threw.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool SignalAndWait(Barrier instance, TimeSpan timeout, CancellationToken cancellationToken) =>
        SignalAndWait(instance, SignalWaits.Milliseconds(timeout), cancellationToken);

    /// <summary>Stands in for <see cref="Barrier.SignalAndWait(int, CancellationToken)"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="millisecondsTimeout">How long to wait, or -1 to wait for ever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the phase ended in time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsTimeout"/> is below -1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The barrier has no participants, more participants signal than it has,
    /// or the post-phase action calls it.</exception>
    /// <exception cref="BarrierPostPhaseException">The phase's post-phase action threw.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static bool SignalAndWait(Barrier instance, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            return instance.SignalAndWait(millisecondsTimeout, cancellationToken);
        }

        var state = Usable(instance);
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, -1);
        cancellationToken.ThrowIfCancellationRequested();
        if (state.Participants == 0)
        {
            throw new InvalidOperationException("The barrier has no registered participants.");
        }

        if (state.Remaining == 0)
        {
            throw new InvalidOperationException("The number of threads using the barrier exceeded the total number of registered participants.");
        }

        SchedulingPoint.Interleave();
        long phase = state.Phase;
        object token = state.PhaseToken;
        SyncHooks.Releasing(token, SyncRole.Signal);
        if (state.Signal())
        {
            FinishPhase(instance, state);
        }
        else
        {
            bool ended;
            try
            {
                ended = SignalWaits.Wait(static waiting => ((PhaseWait)waiting).HasEnded, new PhaseWait(state, phase), millisecondsTimeout, cancellationToken);
            }
            catch (OperationCanceledException) when (state.Phase == phase)
            {
                state.Withdraw();
                throw;
            }

            if (!ended)
            {
                state.Withdraw();
                return false;
            }
        }

        SyncHooks.Acquired(token, SyncRole.Signal);
        if (state.PostPhaseException is { } failure && state.Phase == phase + 1)
        {
            throw new BarrierPostPhaseException(failure);
        }

        return true;
    }

    /// <summary>Stands in for <see cref="Barrier.AddParticipant"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <returns>The phase the new participant first takes part in.</returns>
    /// <exception cref="InvalidOperationException">Adding would pass 32767 participants, or the post-phase action calls it.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static long AddParticipant(Barrier instance) => AddParticipants(instance, 1);

    /// <summary>Stands in for <see cref="Barrier.AddParticipants"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="participantCount">How many participants to add.</param>
    /// <returns>The phase the new participants first take part in.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantCount"/> is below 1 or above 32767.</exception>
    /// <exception cref="InvalidOperationException">Adding would pass 32767 participants, or the post-phase action calls it.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static long AddParticipants(Barrier instance, int participantCount)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            return instance.AddParticipants(participantCount);
        }

        var state = Usable(instance);
        ArgumentOutOfRangeException.ThrowIfLessThan(participantCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(participantCount, 32767);
        if (state.Participants + participantCount > 32767)
        {
            throw new InvalidOperationException("Adding participantCount participants would result in the number of participants exceeding the maximum number allowed.");
        }

        state.Add(participantCount);
        return state.Phase;
    }

    /// <summary>Stands in for <see cref="Barrier.RemoveParticipant"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <exception cref="InvalidOperationException">The barrier has no participants, or every one left has signalled, or the
    /// post-phase action calls it.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void RemoveParticipant(Barrier instance) => RemoveParticipants(instance, 1);

    /// <summary>Stands in for <see cref="Barrier.RemoveParticipants"/>; ends the phase if no one else is left to wait for.</summary>
    /// <param name="instance">The barrier.</param>
    /// <param name="participantCount">How many participants to remove.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantCount"/> is below 1 or more than the participants.</exception>
    /// <exception cref="InvalidOperationException">The barrier has no participants, or fewer than
    /// <paramref name="participantCount"/> of them have still to signal, or the post-phase action calls it.</exception>
    /// <exception cref="ObjectDisposedException">The barrier was disposed.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void RemoveParticipants(Barrier instance, int participantCount)
    {
        if (!SignalWaits.IsControlled(instance))
        {
            instance.RemoveParticipants(participantCount);
            return;
        }

        var state = Usable(instance);
        ArgumentOutOfRangeException.ThrowIfLessThan(participantCount, 1);
        if (state.Participants == 0)
        {
            throw new InvalidOperationException("The barrier has no registered participants.");
        }

        if (participantCount > state.Participants)
        {
            throw new ArgumentOutOfRangeException(nameof(participantCount), "The participantCount argument must be less than or equal the number of participants.");
        }

        if (participantCount > state.Remaining)
        {
            throw new InvalidOperationException("The participantCount argument is greater than the number of participants that haven't yet arrived at the barrier in this phase.");
        }

        SyncHooks.Releasing(state.PhaseToken, SyncRole.Signal);
        if (state.Remove(participantCount))
        {
            FinishPhase(instance, state);
        }
    }

    /// <summary>Stands in for <see cref="Barrier.CurrentPhaseNumber"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <returns>The current phase.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static long CurrentPhaseNumber(Barrier instance) =>
        SignalWaits.IsControlled(instance) ? StateOf(instance).Phase : instance.CurrentPhaseNumber;

    /// <summary>Stands in for <see cref="Barrier.ParticipantCount"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <returns>The registered participants.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static int ParticipantCount(Barrier instance) =>
        SignalWaits.IsControlled(instance) ? StateOf(instance).Participants : instance.ParticipantCount;

    /// <summary>Stands in for <see cref="Barrier.ParticipantsRemaining"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <returns>How many participants have still to signal in the current phase.</returns>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static int ParticipantsRemaining(Barrier instance) =>
        SignalWaits.IsControlled(instance) ? StateOf(instance).Remaining : instance.ParticipantsRemaining;

    /// <summary>Stands in for <see cref="Barrier.Dispose()"/>.</summary>
    /// <param name="instance">The barrier.</param>
    /// <exception cref="InvalidOperationException">The post-phase action calls it.</exception>
    /// <exception cref="NullReferenceException"><paramref name="instance"/> is null, as for an instance call.</exception>
    public static void Dispose(Barrier instance)
    {
        if (SignalWaits.IsControlled(instance))
        {
            var state = StateOf(instance);
            ThrowIfInPostPhaseAction(state);
            state.IsDisposed = true;
        }

        instance.Dispose();
    }

    /// <summary>The barrier's state in the current iteration, made fresh for each iteration from the real barrier's
    /// participants and the post-phase action it was created with.</summary>
    private static BarrierState StateOf(Barrier instance)
    {
        var state = s_states.GetValue(instance, static b => new BarrierState(b.ParticipantCount, null));
        if (!ReferenceEquals(state.Iteration, IterationState.Current))
        {
            // The real barrier is only used outside explorations: its count has every change made there.
            state = new BarrierState(instance.ParticipantCount, state.PostPhaseAction);
            s_states.AddOrUpdate(instance, state);
        }

        return state;
    }

    /// <summary>The state of a barrier that is not disposed, called from outside its post-phase action.</summary>
    private static BarrierState Usable(Barrier instance)
    {
        var state = StateOf(instance);
        ObjectDisposedException.ThrowIf(state.IsDisposed, instance);
        ThrowIfInPostPhaseAction(state);
        return state;
    }

    private static void ThrowIfInPostPhaseAction(BarrierState state)
    {
        if (state.PostPhaseThread == Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("This method may not be called from within the postPhaseAction.");
        }
    }

    /// <summary>Runs the post-phase action in the last participant's logical task, after everything the phase's
    /// participants released, then starts the next phase, which releases the waiting participants.</summary>
    private static void FinishPhase(Barrier instance, BarrierState state)
    {
        object token = state.PhaseToken;
        Exception? failure = null;
        if (state.PostPhaseAction is { } action)
        {
            SyncHooks.Acquired(token, SyncRole.Signal);
            state.RunningPostPhase(Environment.CurrentManagedThreadId);
            try
            {
                action(instance);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                state.RunningPostPhase(0);
            }

            SyncHooks.Releasing(token, SyncRole.Signal);
        }

        state.EndPhase(failure);
    }

    /// <summary>A participant's wait for the end of phase <paramref name="Phase"/>.</summary>
    private sealed record PhaseWait(BarrierState State, long Phase)
    {
        public bool HasEnded => State.Phase != Phase;
    }
}
