using System.Runtime.CompilerServices;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Instrumentation;

/// <summary>The happens-before edges the race hooks record: each synchronised program is clean over many interleavings,
/// and each program missing the edge is reported on the first iteration.</summary>
public sealed class RaceHooksTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-race-hooks-tests-").FullName;

    private int _data;

    private bool _ready;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_ThreadStartedAndJoined_IsClean() => AssertClean(() =>
    {
        _data = 1;
        var thread = new Thread(() => _data++);
        thread.Start();
        thread.Join();
        _data++;
    });

    [Fact]
    public void Explore_ThreadNotJoined_ReportsDataRace() => AssertRace(() =>
    {
        var thread = new Thread(() => _data++);
        thread.Start();
        _data++;
        thread.Join();
    });

    [Fact]
    public void Explore_TaskWaitResultWaitAllAndWaitAny_JoinTheTasks() => AssertClean(() =>
    {
        var waited = Task.Run(() => _data = 1);
        waited.Wait();
        _data++;
        int result = Task.Run(() => _data + 1).Result;
        _data = result;
        Task.WaitAll(Task.Run(() => _data++));
        _data++;
        var only = new[] { Task.Run(() => _data++) };
        Check.Equal(0, Task.WaitAny(only), "index");
        _data++;
    });

    [Fact]
    public void Explore_AwaitWhenAnyWinner_JoinsTheWinner() => AssertClean(async () =>
    {
        var writer = Task.Run(() => _data = 1);
        var winner = await Task.WhenAny(writer);
        Check.That(winner == writer, "the only task wins");
        _data++;
    });

    [Fact]
    public void Explore_ReadAfterWhenAnyOfAnotherTask_ReportsDataRace() => AssertRace(async () =>
    {
        var writer = Task.Run(() => _data = 1);
        var winner = await Task.WhenAny(Task.Run(() => { }));
        await winner;
        _data++;
        await writer;
    });

    [Fact]
    public void Explore_AwaitValueTaskOfAsyncMethod_JoinsIt() => AssertClean(async () =>
    {
        await WriteAfterYieldAsync();
        _data += await ReadAfterYieldAsync();
    });

    [Fact]
    public void Explore_ValueTaskAsyncMethodCalledTwiceWithoutAwaiting_ReportsDataRace() => AssertRace(async () =>
    {
        var first = WriteAfterYieldAsync();
        var second = WriteAfterYieldAsync();
        await first;
        await second;
    });

    [Fact]
    public void Explore_TaskFactoryStartNewAwaited_IsClean() => AssertClean(async () =>
    {
        await Task.Factory.StartNew(() => _data = 1);
        _data += await Task.Factory.StartNew(() => _data);
    });

    [Fact]
    public void Explore_AwaitWithConfigureAwaitFalse_JoinsTheTask() => AssertClean(async () =>
    {
        await Task.Run(() => _data = 1).ConfigureAwait(false);
        _data += await Task.Run(() => _data).ConfigureAwait(false);
    });

    [Fact]
    public void Explore_ParallelForWithInterlocked_IsClean() => AssertClean(() =>
    {
        var counts = new int[1];
        Parallel.For(0, 3, _ => Interlocked.Increment(ref counts[0]));
        Check.Equal(3, counts[0], "count");
    });

    [Fact]
    public void Explore_ParallelForWithPlainIncrement_ReportsDataRace() => AssertRace(() =>
    {
        var counts = new int[1];
        Parallel.For(0, 3, _ => counts[0]++);
    });

    [Fact]
    public void Explore_SemaphoreSlimGuardingACounter_IsClean()
    {
        var gate = new SemaphoreSlim(1);
        AssertClean(async () =>
        {
            async Task IncrementAsync()
            {
                await gate.WaitAsync();
                try
                {
                    _data++;
                }
                finally
                {
                    gate.Release();
                }
            }

            await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(() =>
            {
                gate.Wait();
                _data++;
                gate.Release();
            }));
        });
    }

    [Fact]
    public void Explore_TaskCompletionSourcePublishesData_IsClean() => AssertClean(async () =>
    {
        var published = new TaskCompletionSource<int>();
        var producer = Task.Run(() =>
        {
            _data = 42;
            published.SetResult(1);
        });
        int signal = await published.Task;
        Check.Equal(43, _data + signal, "data");
        await producer;
    });

    [Fact]
    public void Explore_FlagPublishedWithVolatile_IsClean() => AssertClean(async () =>
    {
        var reader = Task.Run(() =>
        {
            if (Volatile.Read(ref _ready))
            {
                Check.Equal(7, _data, "data");
            }
        });
        _data = 7;
        Volatile.Write(ref _ready, true);
        await reader;
    });

    [Fact]
    public void Explore_FlagPublishedWithoutVolatile_ReportsDataRace() => AssertRace(async () =>
    {
        var reader = Task.Run(() =>
        {
            if (_ready)
            {
                _ = _data;
            }
        });
        _data = 7;
        _ready = true;
        await reader;
    });

    [Fact]
    public void Explore_MonitorWaitAndPulse_OrderThroughTheMonitor()
    {
        var gate = new object();
        AssertClean(async () =>
        {
            var waiter = Task.Run(() =>
            {
                lock (gate)
                {
                    while (!_ready)
                    {
                        Monitor.Wait(gate);
                    }

                    _data++;
                }
            });
            lock (gate)
            {
                _data = 1;
                _ready = true;
                Monitor.PulseAll(gate);
            }

            await waiter;
            _data++;
        });
    }

    private async ValueTask WriteAfterYieldAsync()
    {
        await Task.Yield();
        _data++;
    }

    private async ValueTask<int> ReadAfterYieldAsync()
    {
        await Task.Yield();
        return _data;
    }

    private void AssertClean(Func<Task> test, [CallerMemberName] string name = "")
    {
        var report = Explorer.Explore(Reset(test), Options(100), name);

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(100, report.Iterations);
    }

    private void AssertClean(Action test, [CallerMemberName] string name = "") => AssertClean(() =>
    {
        test();
        return Task.CompletedTask;
    }, name);

    private void AssertRace(Func<Task> test, [CallerMemberName] string name = "")
    {
        var report = Explorer.Explore(Reset(test), Options(20), name);

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.DataRace, bug.Kind);
        Assert.Equal(1, bug.Iteration);
    }

    private void AssertRace(Action test, [CallerMemberName] string name = "") => AssertRace(() =>
    {
        test();
        return Task.CompletedTask;
    }, name);

    private Func<Task> Reset(Func<Task> test) => () =>
    {
        _data = 0;
        _ready = false;
        return test();
    };

    private ExplorationOptions Options(int iterations) =>
        new() { Seed = 2, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces };
}
