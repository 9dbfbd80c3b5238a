using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Models;

public sealed class ReaderWriterLockSlimModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-rwlock-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_WritersContendingForTheWriteLock_IsCleanAndExclusive()
    {
        var report = Explorer.Explore(async () =>
        {
            var gate = new ReaderWriterLockSlim();
            int count = 0;
            void Increment()
            {
                gate.EnterWriteLock();
                try
                {
                    int read = count;
                    Thread.Yield();
                    count = read + 1;
                }
                finally
                {
                    gate.ExitWriteLock();
                }
            }

            await Task.WhenAll(Task.Run(Increment), Task.Run(Increment), Task.Run(Increment));
            Check.Equal(3, count, "count");
        }, Options(iterations: 100));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_ReadersAndAWriter_ReadersShareAndTheWriterExcludesThem()
    {
        var report = Explorer.Explore(async () =>
        {
            var gate = new ReaderWriterLockSlim();
            int readersInside = 0;
            void Read()
            {
                gate.EnterReadLock();
                try
                {
                    Interlocked.Increment(ref readersInside);
                    Thread.Yield();
                    Interlocked.Decrement(ref readersInside);
                }
                finally
                {
                    gate.ExitReadLock();
                }
            }

            void Write()
            {
                gate.EnterWriteLock();
                try
                {
                    Check.Equal(0, Volatile.Read(ref readersInside), "readers inside while the write lock is held");
                    Thread.Yield();
                    Check.Equal(0, Volatile.Read(ref readersInside), "readers inside while the write lock is held");
                }
                finally
                {
                    gate.ExitWriteLock();
                }
            }

            await Task.WhenAll(Task.Run(Read), Task.Run(Read), Task.Run(Write));
        }, Options(iterations: 200));

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_TwoReadersInside_AreFoundTogetherInSomeInterleaving()
    {
        // The opposite check: if readers excluded each other, no interleaving would ever see two inside.
        var report = Explorer.Explore(async () =>
        {
            var gate = new ReaderWriterLockSlim();
            int readersInside = 0;
            void Read()
            {
                gate.EnterReadLock();
                try
                {
                    Interlocked.Increment(ref readersInside);
                    Thread.Yield();
                    Check.That(Volatile.Read(ref readersInside) < 2, "two readers inside together");
                    Interlocked.Decrement(ref readersInside);
                }
                finally
                {
                    gate.ExitReadLock();
                }
            }

            await Task.WhenAll(Task.Run(Read), Task.Run(Read));
        }, Options(iterations: 200));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Contains("two readers inside together", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_UpgradeableReaderUpgrades_OthersWaitAndTheCountIsRight()
    {
        var report = Explorer.Explore(async () =>
        {
            var gate = new ReaderWriterLockSlim();
            int count = 0;
            void AddIfBelowTwo()
            {
                gate.EnterUpgradeableReadLock();
                try
                {
                    if (count < 2)
                    {
                        Thread.Yield();
                        gate.EnterWriteLock();
                        count++;
                        gate.ExitWriteLock();
                    }
                }
                finally
                {
                    gate.ExitUpgradeableReadLock();
                }
            }

            int ReadCount()
            {
                gate.EnterReadLock();
                try
                {
                    return count;
                }
                finally
                {
                    gate.ExitReadLock();
                }
            }

            await Task.WhenAll(Task.Run(AddIfBelowTwo), Task.Run(AddIfBelowTwo), Task.Run(AddIfBelowTwo), Task.Run(ReadCount));
            Check.Equal(2, count, "count");
        }, Options(iterations: 200));

        Assert.True(report.IsClean, report.ToString());
    }

    private static readonly ReaderWriterLockSlim s_shared = new();

    [Fact]
    public void Explore_SharedLockLeftHeldByAnIteration_IsFreeAgainInTheNext()
    {
        var report = Explorer.Explore(async () => await Task.Run(() => s_shared.EnterWriteLock()), Options(iterations: 10));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(10, report.Iterations);
    }

    [Fact]
    public void Explore_WriteLocksTakenInOppositeOrder_ReportsDeadlockAndReplaysIt()
    {
        var report = Explorer.Explore(OppositeOrderAsync, Options());

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        var replay = Explorer.Replay(bug.TraceFile!, OppositeOrderAsync);
        Assert.True(replay.Reproduced, replay.ToString());
    }

    [Fact]
    public void Explore_TwoReadersUpgradingThroughAReadLock_ThrowLikeTheBcl()
    {
        // Taking the write lock while holding a read lock is refused, as in the BCL (it would deadlock two such readers).
        var report = Explorer.Explore(() =>
        {
            var gate = new ReaderWriterLockSlim();
            gate.EnterReadLock();
            try
            {
                gate.EnterWriteLock();
            }
            finally
            {
                gate.ExitReadLock();
            }
        }, Options(iterations: 1));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Contains(nameof(LockRecursionException), bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_TimedAndImmediateTryEnters_BehaveLikeReaderWriterLockSlim()
    {
        var report = Explorer.Explore(() =>
        {
            var gate = new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion);
            gate.EnterWriteLock();
            Check.That(gate.IsWriteLockHeld, "the write lock is held after EnterWriteLock");
            Check.That(gate.TryEnterReadLock(0), "the writer may also read with recursion");
            Check.Equal(1, gate.RecursiveReadCount, "recursive read count");
            gate.ExitReadLock();
            Check.That(!Task.Run(() => gate.TryEnterReadLock(0)).Result, "another thread cannot read while the write lock is held");
            Check.That(!Task.Run(() => gate.TryEnterWriteLock(TimeSpan.FromSeconds(1))).Result, "a timed write enter times out while the lock is held");
            gate.ExitWriteLock();
            Check.That(!gate.IsWriteLockHeld, "the write lock is free after ExitWriteLock");
            Check.That(Task.Run(() =>
            {
                bool entered = gate.TryEnterUpgradeableReadLock(TimeSpan.FromSeconds(1));
                if (entered)
                {
                    gate.ExitUpgradeableReadLock();
                }

                return entered;
            }).Result, "another thread can enter once the lock is free");
            gate.Dispose();
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
    }

    public static TheoryData<string> Misuses() =>
    [
        "read twice", "write twice", "upgradeable twice", "read after write", "write after read", "upgradeable after read",
        "upgradeable after write", "exit read not held", "exit write not held", "exit upgradeable not held", "dispose while held",
    ];

    [Theory]
    [MemberData(nameof(Misuses))]
    public void Explore_Misuse_ThrowsWhatReaderWriterLockSlimThrows(string misuse)
    {
        var expected = Misuse(misuse);
        Exception? actual = null;

        var report = Explorer.Explore(() => actual = Misuse(misuse), Options(iterations: 1));

        Assert.True(report.IsClean, report.ToString());
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void ReaderWriterLockSlim_OutsideExploration_StillExcludesWriters()
    {
        var gate = new ReaderWriterLockSlim();
        int count = 0;

        Parallel.For(0, 1000, _ =>
        {
            gate.EnterWriteLock();
            count++;
            gate.ExitWriteLock();
        });

        Assert.Equal(1000, count);
    }

    /// <summary>Does <paramref name="misuse"/> to a new lock with no recursion and returns what it threw.</summary>
    private static Exception? Misuse(string misuse)
    {
        var gate = new ReaderWriterLockSlim();
        Action first = misuse switch
        {
            "read twice" or "write after read" or "upgradeable after read" => gate.EnterReadLock,
            "write twice" or "read after write" or "upgradeable after write" or "dispose while held" => gate.EnterWriteLock,
            "upgradeable twice" => gate.EnterUpgradeableReadLock,
            _ => () => { },
        };
        Action second = misuse switch
        {
            "read twice" or "read after write" => gate.EnterReadLock,
            "write twice" or "write after read" => gate.EnterWriteLock,
            "upgradeable twice" or "upgradeable after read" or "upgradeable after write" => gate.EnterUpgradeableReadLock,
            "exit read not held" => gate.ExitReadLock,
            "exit write not held" => gate.ExitWriteLock,
            "exit upgradeable not held" => gate.ExitUpgradeableReadLock,
            _ => gate.Dispose,
        };
        first();
        try
        {
            second();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task OppositeOrderAsync()
    {
        var first = new ReaderWriterLockSlim();
        var second = new ReaderWriterLockSlim();
        void Both(ReaderWriterLockSlim outer, ReaderWriterLockSlim inner)
        {
            outer.EnterWriteLock();
            inner.EnterWriteLock();
            inner.ExitWriteLock();
            outer.ExitWriteLock();
        }

        await Task.WhenAll(Task.Run(() => Both(first, second)), Task.Run(() => Both(second, first)));
    }

    private ExplorationOptions Options(int iterations = 200) =>
        new() { Seed = 4, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
