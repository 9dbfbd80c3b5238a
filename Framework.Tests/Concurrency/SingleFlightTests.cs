using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class SingleFlightTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public async Task DoAsync_OneCaller_RunsTheWorkAndIsNotShared()
    {
        var group = new SingleFlight<string, int>();

        var result = await group.DoAsync("a", _ => Task.FromResult(42), TestContext.Current.CancellationToken);

        Assert.Equal(new SingleFlightResult<int>(42, Shared: false), result);
        Assert.Equal(0, group.InFlightCount);
    }

    [Fact]
    public async Task DoAsync_SecondCallWhileInFlight_JoinsAndSharesTheResult()
    {
        var group = new SingleFlight<string, int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int executions = 0;
        Task<int> Work(CancellationToken _)
        {
            Interlocked.Increment(ref executions);
            return gate.Task;
        }

        var first = group.DoAsync("a", Work, TestContext.Current.CancellationToken);
        var second = group.DoAsync("a", Work, TestContext.Current.CancellationToken);
        var otherKey = group.DoAsync("b", _ => Task.FromResult(7), TestContext.Current.CancellationToken);
        gate.SetResult(5);

        Assert.Equal(new SingleFlightResult<int>(5, Shared: false), await first);
        Assert.Equal(new SingleFlightResult<int>(5, Shared: true), await second);
        Assert.Equal(7, (await otherKey).Value);
        Assert.Equal(1, executions);
    }

    [Fact]
    public async Task DoAsync_AfterTheFlightEnded_StartsANewExecution()
    {
        var group = new SingleFlight<string, int>();
        int executions = 0;

        await group.DoAsync("a", _ => Task.FromResult(Interlocked.Increment(ref executions)), TestContext.Current.CancellationToken);
        var second = await group.DoAsync("a", _ => Task.FromResult(Interlocked.Increment(ref executions)), TestContext.Current.CancellationToken);

        Assert.Equal(new SingleFlightResult<int>(2, Shared: false), second);
    }

    [Fact]
    public async Task DoAsync_WorkThrows_EveryWaiterGetsTheSameExceptionAndNothingIsRemembered()
    {
        var group = new SingleFlight<string, int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failure = new InvalidOperationException("backend down");
        async Task<int> FailAsync(CancellationToken _)
        {
            await gate.Task;
            throw failure;
        }

        var first = group.DoAsync("a", FailAsync, TestContext.Current.CancellationToken);
        var second = group.DoAsync("a", FailAsync, TestContext.Current.CancellationToken);
        gate.SetResult();

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => first));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => second));
        Assert.Equal(3, (await group.DoAsync("a", _ => Task.FromResult(3), TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task DoAsync_WorkReturnsNullTask_FailsWithInvalidOperation()
    {
        var group = new SingleFlight<int, int>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => group.DoAsync(1, _ => null!, TestContext.Current.CancellationToken));

        Assert.Equal("The work returned a null task.", error.Message);
    }

    [Fact]
    public async Task DoAsync_WorkIsCancelled_EveryWaiterIsCancelled()
    {
        var group = new SingleFlight<int, int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var own = new CancellationTokenSource();
        async Task<int> WorkAsync(CancellationToken _)
        {
            await gate.Task;
            own.Token.ThrowIfCancellationRequested();
            return 1;
        }

        var first = group.DoAsync(1, WorkAsync, TestContext.Current.CancellationToken);
        var second = group.DoAsync(1, WorkAsync, TestContext.Current.CancellationToken);
        own.Cancel();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task DoAsync_StartingCallerCancels_OthersStillGetTheResultAndTheWorkIsNotCancelled()
    {
        var group = new SingleFlight<string, int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workToken = new TaskCompletionSource<CancellationToken>();
        Task<int> Work(CancellationToken token)
        {
            workToken.SetResult(token);
            return gate.Task;
        }

        using var leader = new CancellationTokenSource();
        var first = group.DoAsync("a", Work, leader.Token);
        var second = group.DoAsync("a", Work, TestContext.Current.CancellationToken);

        leader.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(leader.Token, error.CancellationToken);
        Assert.False((await workToken.Task).IsCancellationRequested);
        gate.SetResult(9);
        Assert.Equal(new SingleFlightResult<int>(9, Shared: true), await second);
    }

    [Fact]
    public async Task DoAsync_EveryWaiterCancels_CancelsTheWorkAndForgetsTheKey()
    {
        var group = new SingleFlight<string, int>();
        var workToken = new TaskCompletionSource<CancellationToken>();
        async Task<int> WorkAsync(CancellationToken token)
        {
            workToken.SetResult(token);
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }

        using var a = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        var first = group.DoAsync("k", WorkAsync, a.Token);
        var second = group.DoAsync("k", WorkAsync, b.Token);

        a.Cancel();
        Assert.False((await workToken.Task).IsCancellationRequested);
        b.Cancel();

        Assert.True((await workToken.Task).IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(0, group.InFlightCount);
        Assert.Equal(new SingleFlightResult<int>(4, Shared: false), await group.DoAsync("k", _ => Task.FromResult(4), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DoAsync_TokenAlreadyCancelled_FailsWithoutStartingTheWork()
    {
        var group = new SingleFlight<string, int>();
        bool started = false;

        var call = group.DoAsync("a", _ => { started = true; return Task.FromResult(1); }, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.False(started);
        Assert.Equal(0, group.InFlightCount);
    }

    [Fact]
    public async Task Forget_WhileInFlight_NextCallStartsAFreshExecutionAndEarlierWaitersKeepTheirs()
    {
        var group = new SingleFlight<string, int>();
        var oldGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = group.DoAsync("a", _ => oldGate.Task, TestContext.Current.CancellationToken);

        Assert.True(group.Forget("a"));
        Assert.False(group.Forget("a"));
        var fresh = group.DoAsync("a", _ => Task.FromResult(2), TestContext.Current.CancellationToken);
        oldGate.SetResult(1);

        Assert.Equal(new SingleFlightResult<int>(2, Shared: false), await fresh);
        Assert.Equal(new SingleFlightResult<int>(1, Shared: false), await early);
        Assert.Equal(0, group.InFlightCount);
    }

    [Fact]
    public async Task Forget_ThenOldFlightEnds_DoesNotRemoveTheNewFlight()
    {
        var group = new SingleFlight<string, int>();
        var oldGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var newGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = group.DoAsync("a", _ => oldGate.Task, TestContext.Current.CancellationToken);
        group.Forget("a");
        var fresh = group.DoAsync("a", _ => newGate.Task, TestContext.Current.CancellationToken);

        oldGate.SetResult(1);
        await early;
        var joined = group.DoAsync("a", _ => Task.FromResult(99), TestContext.Current.CancellationToken);
        newGate.SetResult(2);

        Assert.Equal(new SingleFlightResult<int>(2, Shared: true), await joined);
        Assert.Equal(2, (await fresh).Value);
    }

    [Fact]
    public void DoAsync_NullArguments_ThrowArgumentNull()
    {
        var group = new SingleFlight<string, int>();

        Assert.Throws<ArgumentNullException>("key", () => { _ = group.DoAsync(null!, _ => Task.FromResult(1), TestContext.Current.CancellationToken); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = group.DoAsync("a", null!, TestContext.Current.CancellationToken); });
    }

    [Fact]
    public void Explore_ConcurrentCallsForOneKey_ExecuteOnceWhileAFlightIsInProgress()
    {
        var report = Explorer.Explore(async () =>
        {
            var group = new SingleFlight<string, int>();
            int executions = 0, inFlight = 0;
            async Task<int> WorkAsync(CancellationToken _)
            {
                int number = Interlocked.Increment(ref executions);
                Check.Equal(1, Interlocked.Increment(ref inFlight), "executions of the key in flight at once");
                await Task.Yield();
                Interlocked.Decrement(ref inFlight);
                return number;
            }

            var results = await Task.WhenAll(
                Task.Run(() => group.DoAsync("key", WorkAsync)),
                Task.Run(() => group.DoAsync("key", WorkAsync)),
                Task.Run(() => group.DoAsync("key", WorkAsync)));

            // Each execution has exactly one caller that started it, and every caller got the value of the execution
            // in flight when it called: values are numbered in order, so callers that shared got their leader's.
            Check.Equal(executions, results.Count(r => !r.Shared), "callers that started an execution");
            Check.That(results.All(r => r.Value >= 1 && r.Value <= executions), "Every caller got the value of some execution.");
            Check.Equal(0, group.InFlightCount, "keys in flight at the end");
        }, ExplorationRun.Options(_traces, seed: 7, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_CallersCancelWhileTheWorkEnds_EachGetsOneOutcomeAndAWorkIsCancelledOnlyOnceAllItsCallersLeft()
    {
        var report = Explorer.Explore(async () =>
        {
            var group = new SingleFlight<string, int>();
            var a = new CancellationTokenSource();
            var b = new CancellationTokenSource();
            var workTokens = new List<CancellationToken>();
            async Task<int> WorkAsync(CancellationToken token)
            {
                workTokens.Add(token);
                int flight = workTokens.Count;
                await Task.Yield();
                return flight;
            }

            async Task<int> CallAsync(CancellationToken token)
            {
                try
                {
                    return (await group.DoAsync("key", WorkAsync, token)).Value;
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
            }

            var first = Task.Run(() => CallAsync(a.Token));
            var second = Task.Run(() => CallAsync(b.Token));
            await Task.WhenAll(Task.Run(a.Cancel), Task.Run(b.Cancel));
            int[] flights = await Task.WhenAll(first, second);

            // A caller that got a value got it from a work whose token nobody cancelled; a second work starts only
            // after the first ended or was abandoned by everyone.
            foreach (int flight in flights.Where(f => f > 0))
            {
                Check.That(!workTokens[flight - 1].IsCancellationRequested, $"Work {flight} was cancelled although a caller still waited for it.");
            }

            Check.That(workTokens.Count <= 2, "Two callers started more than two works.");
            Check.Equal(0, group.InFlightCount, "keys in flight at the end");
        }, ExplorationRun.Options(_traces, seed: 8, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }
}
