using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class ErrorGroupTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Constructor_LimitBelowOne_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>("limit", () => new ErrorGroup(0));

    [Fact]
    public async Task WaitAsync_EveryPieceSucceeds_CompletesAfterAllAndCancelsTheToken()
    {
        var group = new ErrorGroup();
        int done = 0;
        for (int i = 0; i < 3; i++)
        {
            group.Go(async _ => { await Task.Yield(); Interlocked.Increment(ref done); });
        }

        await group.WaitAsync();

        Assert.Equal(3, done);
        Assert.True(group.Token.IsCancellationRequested, "the group's token is cancelled once it is done, as in Go");
    }

    [Fact]
    public async Task WaitAsync_NothingStarted_CompletesAtOnce()
    {
        var group = new ErrorGroup();

        await group.WaitAsync();

        Assert.Same(group.WaitAsync(), group.WaitAsync());
    }

    [Fact]
    public async Task WaitAsync_OnePieceFails_CancelsTheOthersAndThrowsTheFirstErrorAfterAllFinished()
    {
        var group = new ErrorGroup();
        var failure = new InvalidOperationException("first");
        bool siblingFinished = false;
        group.Go(async token =>
        {
            await TokenSignals.WhenCancelledAsync(token);
            siblingFinished = true;
            throw new OperationCanceledException(token);
        });
        group.Go(async _ => { await Task.Yield(); throw failure; });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(group.WaitAsync);

        Assert.Same(failure, error);
        Assert.True(siblingFinished);
    }

    [Fact]
    public async Task WaitAsync_FirstErrorIsACancellation_IsACancelledTask()
    {
        var group = new ErrorGroup();
        group.Go(_ => Task.FromCanceled(new CancellationToken(canceled: true)));

        var wait = group.WaitAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.True(wait.IsCanceled);
    }

    [Fact]
    public async Task WaitAsync_WorkReturnsNullTask_FailsWithInvalidOperation()
    {
        var group = new ErrorGroup();
        group.Go(_ => null!);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(group.WaitAsync);

        Assert.Equal("The work returned a null task.", error.Message);
    }

    [Fact]
    public async Task Go_WithALimit_QueuesBeyondItAndRunsEveryPieceOnce()
    {
        var group = new ErrorGroup(limit: 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int running = 0, most = 0, done = 0;
        for (int i = 0; i < 5; i++)
        {
            group.Go(async _ =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                await gate.Task;
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref done);
            });
        }

        Assert.False(group.TryGo(_ => Task.CompletedTask));
        gate.SetResult();
        await group.WaitAsync();

        Assert.Equal(5, done);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task TryGo_BelowTheLimit_StartsTheWork()
    {
        var group = new ErrorGroup(limit: 1);
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(group.TryGo(_ => { ran.SetResult(); return Task.CompletedTask; }));

        await ran.Task;
        await group.WaitAsync();
    }

    [Fact]
    public async Task Go_AfterTheGroupFailed_StillRunsTheWorkWithACancelledToken()
    {
        var group = new ErrorGroup(limit: 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool? lateSawCancelled = null;
        group.Go(async _ => { await gate.Task; throw new InvalidOperationException("failed"); });
        group.Go(token => { lateSawCancelled = token.IsCancellationRequested; return Task.CompletedTask; });

        gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(group.WaitAsync);
        Assert.True(lateSawCancelled);
    }

    [Fact]
    public async Task Go_AfterWaitAsyncSawEverythingFinish_ThrowsInvalidOperation()
    {
        var group = new ErrorGroup();
        await group.WaitAsync();

        var error = Assert.Throws<InvalidOperationException>(() => group.Go(_ => Task.CompletedTask));

        Assert.Equal("The group is done: WaitAsync saw every piece of work finish, so no more work can join it.", error.Message);
        Assert.Throws<InvalidOperationException>(() => group.TryGo(_ => Task.CompletedTask));
    }

    [Fact]
    public async Task Go_FromInsideWorkOfTheGroup_JoinsTheGroup()
    {
        var group = new ErrorGroup();
        bool innerRan = false;
        group.Go(async _ =>
        {
            await Task.Yield();
            group.Go(async _ => { await Task.Yield(); innerRan = true; });
        });

        await group.WaitAsync();

        Assert.True(innerRan);
    }

    [Fact]
    public async Task ParentTokenCancelled_CancelsTheGroupsTokenButIsNoErrorByItself()
    {
        using var parent = new CancellationTokenSource();
        var group = new ErrorGroup(parent.Token);
        bool sawCancellation = false;
        group.Go(async token => { await TokenSignals.WhenCancelledAsync(token); sawCancellation = true; });

        parent.Cancel();

        await group.WaitAsync();
        Assert.True(sawCancellation);
    }

    [Fact]
    public void Constructor_ParentAlreadyCancelled_StartsCancelled() =>
        Assert.True(new ErrorGroup(new CancellationToken(canceled: true)).Token.IsCancellationRequested);

    [Fact]
    public void Explore_FirstFailure_CancelsTheOthersAndWaitReportsItAfterAllFinished()
    {
        var report = Explorer.Explore(async () =>
        {
            var group = new ErrorGroup();
            int finished = 0;
            group.Go(async token =>
            {
                await TokenSignals.WhenCancelledAsync(token);
                Interlocked.Increment(ref finished);
            });
            group.Go(async _ =>
            {
                await Task.Yield();
                Interlocked.Increment(ref finished);
                throw new InvalidOperationException("first");
            });
            group.Go(async _ =>
            {
                await Task.Yield();
                Interlocked.Increment(ref finished);
                throw new FormatException("second");
            });

            try
            {
                await group.WaitAsync();
                Check.That(false, "WaitAsync swallowed the failures.");
            }
            catch (Exception error) when (error is InvalidOperationException or FormatException)
            {
                Check.Equal(3, finished, "pieces finished when WaitAsync threw");
            }
        }, ExplorationRun.Options(_traces, seed: 11, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_WithALimitAndPiecesStartedFromSeveralTasks_NeverExceedsTheLimitAndRunsEveryPiece()
    {
        var report = Explorer.Explore(async () =>
        {
            var group = new ErrorGroup(limit: 2);
            int running = 0, done = 0, tried = 0;
            async Task PieceAsync(CancellationToken _)
            {
                int now = Interlocked.Increment(ref running);
                Check.That(now <= 2, $"{now} pieces ran at once, more than the limit of 2.");
                await Task.Yield();
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref done);
            }

            await Task.WhenAll(
                Task.Run(() => { group.Go(PieceAsync); group.Go(PieceAsync); }),
                Task.Run(() => { group.Go(PieceAsync); }),
                Task.Run(() => { tried += group.TryGo(PieceAsync) ? 1 : 0; }));
            await group.WaitAsync();

            Check.Equal(3 + tried, done, "pieces that ran");
        }, ExplorationRun.Options(_traces, seed: 12, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    private static void InterlockedMax(ref int location, int value)
    {
        int seen = Volatile.Read(ref location);
        while (seen < value)
        {
            int previous = Interlocked.CompareExchange(ref location, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
