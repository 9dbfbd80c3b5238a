using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Models;

/// <summary>The models of <see cref="ManualResetEventSlim"/>, <see cref="CountdownEvent"/> and <see cref="Barrier"/> under
/// exploration.</summary>
public sealed class SignalModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-signal-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_WaitOnAnEventNobodySets_ReportsDeadlock()
    {
        var report = Explorer.Explore(() =>
        {
            using var never = new ManualResetEventSlim();
            Task.Run(() => never.Wait()).Wait();
        }, Options(iterations: 5));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_EventSetResetAndTimedWaits_BehaveLikeManualResetEventSlim()
    {
        var report = Explorer.Explore(() =>
        {
            using var gate = new ManualResetEventSlim(initialState: false);
            Check.That(!gate.Wait(0), "an unset event times out at once");
            Check.That(!Task.Run(() => gate.Wait(TimeSpan.FromSeconds(1))).Result || gate.IsSet, "a timed wait times out unless set");
            var waiter = Task.Run(() => gate.Wait(Timeout.Infinite));
            gate.Set();
            Check.That(waiter.Result, "a set event releases its waiter");
            gate.Reset();
            Check.That(!gate.IsSet, "a reset event is unset");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            try
            {
                gate.Wait(cancelled.Token);
                Check.That(false, "a cancelled wait throws");
            }
            catch (OperationCanceledException)
            {
            }
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_CountdownEvent_WaitReturnsAfterEverySignal()
    {
        var report = Explorer.Explore(async () =>
        {
            using var done = new CountdownEvent(3);
            int signalled = 0;
            var signallers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                Interlocked.Increment(ref signalled);
                done.Signal();
            })).ToArray();
            done.Wait();
            Check.Equal(3, Volatile.Read(ref signalled), "signals before the wait returned");
            await Task.WhenAll(signallers);
        }, Options(iterations: 50));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_BarrierPhases_ThePostPhaseActionSeesEveryParticipant()
    {
        var report = Explorer.Explore(async () =>
        {
            int arrived = 0;
            var phases = new List<(long Phase, int Arrived)>();
            using var barrier = new Barrier(3, b => phases.Add((b.CurrentPhaseNumber, Volatile.Read(ref arrived))));
            void Participant()
            {
                Interlocked.Increment(ref arrived);
                barrier.SignalAndWait();
                Interlocked.Increment(ref arrived);
                barrier.SignalAndWait();
            }

            await Task.WhenAll(Task.Run(Participant), Task.Run(Participant), Task.Run(Participant));
            Check.Equal("0:3 1:6", string.Join(" ", phases.Select(p => $"{p.Phase}:{p.Arrived}")), "phases and arrivals seen by the post-phase action");
            Check.Equal(2L, barrier.CurrentPhaseNumber, "phase after two rounds");
        }, Options(iterations: 50));

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_BarrierPostPhaseActionThrows_EveryParticipantGetsBarrierPostPhaseException()
    {
        var report = Explorer.Explore(async () =>
        {
            using var barrier = new Barrier(2, _ => throw new InvalidOperationException("post-phase failed"));
            string Participant()
            {
                try
                {
                    barrier.SignalAndWait();
                    return "returned";
                }
                catch (BarrierPostPhaseException failure)
                {
                    return failure.InnerException!.Message;
                }
            }

            var results = await Task.WhenAll(Task.Run(Participant), Task.Run(Participant));
            Check.Equal("post-phase failed post-phase failed", string.Join(" ", results), "what each participant saw");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_BarrierMissingAParticipant_ReportsDeadlock()
    {
        var report = Explorer.Explore(async () =>
        {
            using var barrier = new Barrier(3);
            await Task.WhenAll(Task.Run(() => barrier.SignalAndWait()), Task.Run(() => barrier.SignalAndWait()));
        }, Options(iterations: 5));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
    }

    [Fact]
    public void Explore_BarrierParticipantRemovedMidPhase_EndsThePhase()
    {
        var report = Explorer.Explore(async () =>
        {
            using var barrier = new Barrier(2);
            var waiting = Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(10)));
            barrier.RemoveParticipant();
            bool ended = await waiting;
            Check.That(ended || barrier.ParticipantsRemaining == 1, "the remaining participant's phase ends once the other leaves");
            Check.Equal(1, barrier.ParticipantCount, "participants left");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    private ExplorationOptions Options(int iterations) =>
        new() { Seed = 3, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
