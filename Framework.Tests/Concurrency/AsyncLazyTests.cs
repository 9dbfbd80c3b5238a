using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class AsyncLazyTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Constructor_NullFactory_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>("factory", () => new AsyncLazy<int>(null!));

    [Fact]
    public async Task GetValueAsync_ConcurrentFirstCalls_RunTheFactoryOnce()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var lazy = new AsyncLazy<int>(_ => { Interlocked.Increment(ref runs); return gate.Task; });

        var first = lazy.GetValueAsync(TestContext.Current.CancellationToken);
        var second = lazy.GetValueAsync(TestContext.Current.CancellationToken);
        Assert.False(lazy.IsValueCreated);
        gate.SetResult(3);

        int[] values = await Task.WhenAll(first, second);
        Assert.Equal([3, 3], values);
        Assert.Equal(3, await lazy.GetValueAsync(TestContext.Current.CancellationToken));
        Assert.True(lazy.IsValueCreated);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task GetValueAsync_ValueCreated_ReturnsItEvenWithACancelledToken()
    {
        var lazy = new AsyncLazy<string>(_ => Task.FromResult("v"));
        await lazy.GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal("v", await lazy.GetValueAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task GetValueAsync_FactoryFails_WaitersSeeTheFailureAndTheNextCallRetries()
    {
        int runs = 0;
        var lazy = new AsyncLazy<int>(async _ =>
        {
            await Task.Yield();
            return Interlocked.Increment(ref runs) == 1 ? throw new InvalidOperationException("first attempt failed") : 2;
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => lazy.GetValueAsync(TestContext.Current.CancellationToken));

        Assert.Equal("first attempt failed", error.Message);
        Assert.False(lazy.IsValueCreated);
        Assert.Equal(2, await lazy.GetValueAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task GetValueAsync_FactoryCancelsItself_NextCallRetries()
    {
        int runs = 0;
        var lazy = new AsyncLazy<int>(_ => Interlocked.Increment(ref runs) == 1 ? Task.FromCanceled<int>(new CancellationToken(canceled: true)) : Task.FromResult(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lazy.GetValueAsync(TestContext.Current.CancellationToken));

        Assert.Equal(5, await lazy.GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetValueAsync_OneOfTwoCallersCancels_TheOtherGetsTheValueAndTheFactoryGoesOn()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var factoryToken = CancellationToken.None;
        var lazy = new AsyncLazy<int>(token => { factoryToken = token; return gate.Task; });
        using var impatient = new CancellationTokenSource();
        var first = lazy.GetValueAsync(impatient.Token);
        var second = lazy.GetValueAsync(TestContext.Current.CancellationToken);

        impatient.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(factoryToken.IsCancellationRequested);
        gate.SetResult(8);
        Assert.Equal(8, await second);
    }

    [Fact]
    public async Task GetValueAsync_EveryCallerCancels_CancelsTheFactoryAndTheNextCallRetries()
    {
        int runs = 0;
        var lazy = new AsyncLazy<int>(async token =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return runs;
        });
        using var only = new CancellationTokenSource();
        var first = lazy.GetValueAsync(only.Token);

        only.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(2, await lazy.GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetValueAsync_FactoryReturnsNullTask_FailsWithInvalidOperation()
    {
        var lazy = new AsyncLazy<int>(_ => null!);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => lazy.GetValueAsync(TestContext.Current.CancellationToken));

        Assert.Equal("The factory returned a null task.", error.Message);
    }

    [Fact]
    public void Explore_ConcurrentFirstCalls_RunTheFactoryOnceAndAllSeeOneValue()
    {
        var report = Explorer.Explore(async () =>
        {
            int runs = 0;
            var lazy = new AsyncLazy<int>(async _ =>
            {
                int run = Interlocked.Increment(ref runs);
                await Task.Yield();
                return run * 10;
            });

            var values = await Task.WhenAll(
                Task.Run(() => lazy.GetValueAsync()),
                Task.Run(() => lazy.GetValueAsync()),
                Task.Run(() => lazy.GetValueAsync()));

            Check.Equal(1, runs, "factory runs");
            Check.That(values.All(v => v == 10), $"Every caller got the one value, but they got {string.Join(", ", values)}.");
        }, ExplorationRun.Options(_traces, seed: 9, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_FirstAttemptFails_CallersSeeTheFailureOrTheRetriedValueAndTheFactoryNeverRunsConcurrently()
    {
        var report = Explorer.Explore(async () =>
        {
            int runs = 0, running = 0;
            var lazy = new AsyncLazy<int>(async _ =>
            {
                int run = Interlocked.Increment(ref runs);
                Check.Equal(1, Interlocked.Increment(ref running), "factory runs at once");
                await Task.Yield();
                Interlocked.Decrement(ref running);
                return run == 1 ? throw new InvalidOperationException("first attempt failed") : run;
            });

            async Task<int> GetAsync()
            {
                try
                {
                    return await lazy.GetValueAsync();
                }
                catch (InvalidOperationException)
                {
                    return -1;
                }
            }

            var values = await Task.WhenAll(Task.Run(GetAsync), Task.Run(GetAsync));
            int value = await lazy.GetValueAsync();

            Check.Equal(2, value, "the value after one failed attempt");
            Check.Equal(2, runs, "factory runs");
            Check.That(values.All(v => v is -1 or 2), $"A caller saw neither the failure nor the value: {string.Join(", ", values)}.");
        }, ExplorationRun.Options(_traces, seed: 10, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }
}
