using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Models;

public sealed class LockModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-lock-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_TwoTasksContendingOnALockStatement_IsCleanAndExclusive()
    {
        var report = Explorer.Explore(async () =>
        {
            var gate = new Lock();
            int count = 0;
            async Task IncrementAsync()
            {
                await Task.Yield();
                lock (gate)
                {
                    int read = count;
                    Thread.Yield();
                    count = read + 1;
                }
            }

            await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync), Task.Run(IncrementAsync));
            Check.Equal(3, count, "count");
        }, Options(iterations: 100));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_LocksTakenInOppositeOrder_ReportsDeadlockAndReplaysIt()
    {
        var report = Explorer.Explore(OppositeOrderAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        var replay = Explorer.Replay(bug.TraceFile!, OppositeOrderAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_EnterExitAndTryEnter_BehaveLikeLock()
    {
        // Synchronous: Lock is thread-affine, so the holder must not await (its continuation may run on another thread).
        var report = Explorer.Explore(() =>
        {
            var gate = new Lock();
            gate.Enter();
            Check.That(gate.IsHeldByCurrentThread, "the lock is held after Enter");
            Check.That(gate.TryEnter(), "a held lock can be entered again by its holder");
            gate.Exit();
            gate.Exit();
            Check.That(!gate.IsHeldByCurrentThread, "the lock is free after two exits");

            gate.Enter();
            bool other = Task.Run(() => gate.TryEnter()).Result;
            Check.That(!other, "another task cannot take a held lock");
            gate.Exit();
            bool afterExit = Task.Run(() =>
            {
                bool taken = gate.TryEnter(TimeSpan.FromSeconds(1));
                if (taken)
                {
                    gate.Exit();
                }

                return taken;
            }).Result;
            Check.That(afterExit, "another task can take the lock once it is free");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Exit_NotHeld_ThrowsSynchronizationLockExceptionOutsideExploration()
    {
        var gate = new Lock();

        Assert.Throws<SynchronizationLockException>(gate.Exit);
    }

    [Fact]
    public void LockStatement_OutsideExploration_StillExcludes()
    {
        var gate = new Lock();
        int count = 0;

        Parallel.For(0, 1000, _ =>
        {
            lock (gate)
            {
                count++;
            }
        });

        Assert.Equal(1000, count);
    }

    private static async Task OppositeOrderAsync()
    {
        var first = new Lock();
        var second = new Lock();
        await Task.WhenAll(
            Task.Run(() =>
            {
                lock (first)
                {
                    lock (second)
                    {
                    }
                }
            }),
            Task.Run(() =>
            {
                lock (second)
                {
                    lock (first)
                    {
                    }
                }
            }));
    }

    private ExplorationOptions Options(int iterations = 200) =>
        new() { Seed = 4, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
