using FsCheck.Xunit;
using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class WeightedSemaphoreTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_CapacityBelowOne_ThrowsArgumentOutOfRange(long capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>("capacity", () => new WeightedSemaphore(capacity));

    [Fact]
    public void AcquireAsync_PermitsFree_CompletesAtOnce()
    {
        var semaphore = new WeightedSemaphore(5);

        var acquire = semaphore.AcquireAsync(3, TestContext.Current.CancellationToken);

        Assert.True(acquire.IsCompletedSuccessfully);
        Assert.Equal(2, semaphore.CurrentCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(6)]
    public void AcquireAsync_CountOutsideOneToCapacity_ThrowsArgumentOutOfRange(long count)
    {
        var semaphore = new WeightedSemaphore(5);

        Assert.Throws<ArgumentOutOfRangeException>("count", () => { _ = semaphore.AcquireAsync(count, TestContext.Current.CancellationToken); });
        Assert.Equal(5, semaphore.CurrentCount);
    }

    [Fact]
    public async Task AcquireAsync_NotEnoughFree_WaitsUntilAReleaseMakesRoom()
    {
        var semaphore = new WeightedSemaphore(4);
        await semaphore.AcquireAsync(3, TestContext.Current.CancellationToken);

        var waiting = semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        semaphore.Release(1);

        Assert.Equal(0, semaphore.WaitingCount);
        Assert.Equal(0, semaphore.CurrentCount);
        await waiting;
    }

    [Fact]
    public async Task AcquireAsync_LargeWaiterAtTheHead_LaterSmallRequestsWaitBehindIt()
    {
        var semaphore = new WeightedSemaphore(10);
        await semaphore.AcquireAsync(6, TestContext.Current.CancellationToken);
        var large = semaphore.AcquireAsync(10, TestContext.Current.CancellationToken);
        var small = semaphore.AcquireAsync(1, TestContext.Current.CancellationToken);

        Assert.False(semaphore.TryAcquire(1));
        semaphore.Release(6);

        Assert.Equal(1, semaphore.WaitingCount);
        Assert.Equal(0, semaphore.CurrentCount);
        Assert.False(small.IsCompleted);
        await large;
        semaphore.Release(10);
        Assert.Equal(0, semaphore.WaitingCount);
        Assert.Equal(9, semaphore.CurrentCount);
        await small;
    }

    [Fact]
    public async Task Release_ManyPermits_GrantsEveryWaiterAtTheHeadThatFitsInOrder()
    {
        var semaphore = new WeightedSemaphore(6);
        await semaphore.AcquireAsync(6, TestContext.Current.CancellationToken);
        var first = semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);
        var second = semaphore.AcquireAsync(3, TestContext.Current.CancellationToken);
        var third = semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);

        semaphore.Release(6);

        Assert.Equal(1, semaphore.CurrentCount);
        Assert.Equal(1, semaphore.WaitingCount);
        Assert.False(third.IsCompleted);
        await Task.WhenAll(first, second);
        semaphore.Release(2);
        Assert.Equal(0, semaphore.WaitingCount);
        Assert.Equal(1, semaphore.CurrentCount);
        await third;
    }

    [Fact]
    public void TryAcquire_SomeoneWaiting_FailsEvenWhenItWouldFit()
    {
        var semaphore = new WeightedSemaphore(4);
        Assert.True(semaphore.TryAcquire(3));
        _ = semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);

        Assert.False(semaphore.TryAcquire(1));
        Assert.Equal(1, semaphore.CurrentCount);
    }

    [Fact]
    public void TryAcquire_MoreThanCapacity_ReturnsFalse() => Assert.False(new WeightedSemaphore(2).TryAcquire(3));

    [Fact]
    public void TryAcquire_CountBelowOne_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>("count", () => new WeightedSemaphore(2).TryAcquire(0));

    [Fact]
    public async Task AcquireAsync_TokenAlreadyCancelled_FailsEvenWithFreePermits()
    {
        var semaphore = new WeightedSemaphore(2);

        var acquire = semaphore.AcquireAsync(1, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquire);
        Assert.Equal(2, semaphore.CurrentCount);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_HoldsNothingAndLeavesTheQueue()
    {
        var semaphore = new WeightedSemaphore(2);
        await semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        var waiting = semaphore.AcquireAsync(1, cancellation.Token);

        cancellation.Cancel();

        Assert.Equal(0, semaphore.WaitingCount);
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        semaphore.Release(2);
        Assert.Equal(2, semaphore.CurrentCount);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWaiterAtTheHead_GrantsTheWaitersBehindItThatNowFit()
    {
        var semaphore = new WeightedSemaphore(4);
        await semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        var large = semaphore.AcquireAsync(4, cancellation.Token);
        var small = semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);
        Assert.False(small.IsCompleted);

        cancellation.Cancel();

        Assert.Equal(0, semaphore.WaitingCount);
        Assert.Equal(0, semaphore.CurrentCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        await small;
    }

    [Fact]
    public async Task AcquireAsync_CancelledWaitersInTheMiddleAndAtTheTail_LeaveTheOthersQueuedInOrder()
    {
        var semaphore = new WeightedSemaphore(1);
        await semaphore.AcquireAsync(1, TestContext.Current.CancellationToken);
        using var middleCancellation = new CancellationTokenSource();
        using var tailCancellation = new CancellationTokenSource();
        var first = semaphore.AcquireAsync(1, TestContext.Current.CancellationToken);
        var middle = semaphore.AcquireAsync(1, middleCancellation.Token);
        var third = semaphore.AcquireAsync(1, TestContext.Current.CancellationToken);
        var tail = semaphore.AcquireAsync(1, tailCancellation.Token);

        middleCancellation.Cancel();
        tailCancellation.Cancel();

        Assert.Equal(2, semaphore.WaitingCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => middle);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tail);
        semaphore.Release(1);
        await first;
        Assert.False(third.IsCompleted);
        semaphore.Release(1);
        await third;
        var last = semaphore.AcquireAsync(1, TestContext.Current.CancellationToken);
        Assert.Equal(1, semaphore.WaitingCount);
        semaphore.Release(1);
        await last;
        Assert.Equal((0, 0L), (semaphore.WaitingCount, semaphore.CurrentCount));
    }

    [Fact]
    public async Task AcquireAsync_TokenCancelledAfterTheGrant_KeepsThePermits()
    {
        var semaphore = new WeightedSemaphore(1);
        await semaphore.AcquireAsync(1, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        var waiting = semaphore.AcquireAsync(1, cancellation.Token);
        semaphore.Release(1);

        cancellation.Cancel();

        Assert.Equal(0, semaphore.WaitingCount);
        Assert.Equal(0, semaphore.CurrentCount);
        await waiting;
    }

    [Fact]
    public async Task Release_MoreThanHeld_ThrowsSemaphoreFullAndReleasesNothing()
    {
        var semaphore = new WeightedSemaphore(5);
        await semaphore.AcquireAsync(2, TestContext.Current.CancellationToken);

        var error = Assert.Throws<SemaphoreFullException>(() => semaphore.Release(3));

        Assert.Equal("Released 3 permit(s) but only 2 are held.", error.Message);
        Assert.Equal(3, semaphore.CurrentCount);
    }

    [Fact]
    public void Release_CountBelowOne_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>("count", () => new WeightedSemaphore(2).Release(0));

    [Fact]
    public void Explore_TasksAcquiringDifferentWeights_NeverExceedCapacityAndReturnEveryPermit()
    {
        var report = Explorer.Explore(async () =>
        {
            var semaphore = new WeightedSemaphore(3);
            long[] held = [0];
            async Task UseAsync(long weight)
            {
                await semaphore.AcquireAsync(weight);
                long now = Interlocked.Add(ref held[0], weight);
                Check.That(now <= 3, $"{now} permits were held at once, more than the capacity of 3.");
                await Task.Yield();
                Interlocked.Add(ref held[0], -weight);
                semaphore.Release(weight);
            }

            await Task.WhenAll(Task.Run(() => UseAsync(2)), Task.Run(() => UseAsync(2)), Task.Run(() => UseAsync(1)), Task.Run(() => UseAsync(3)));
            Check.Equal(3L, semaphore.CurrentCount, "free permits");
            Check.Equal(0, semaphore.WaitingCount, "waiters");
        }, ExplorationRun.Options(_traces, seed: 1, iterations: 60));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_CancellationRacingAGrant_NeverLosesOrLeaksPermits()
    {
        var report = Explorer.Explore(async () =>
        {
            var semaphore = new WeightedSemaphore(2);
            Check.That(semaphore.TryAcquire(2), "The first acquisition found the permits free.");
            var cancellation = new CancellationTokenSource();
            async Task<bool> AcquireOneAsync()
            {
                try
                {
                    await semaphore.AcquireAsync(1, cancellation.Token);
                    return true;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }

            // The head waiter may be cancelled, granted, or both at once; the waiter behind it must be served either way.
            var head = Task.Run(AcquireOneAsync);
            var behind = Task.Run(() => semaphore.AcquireAsync(2));
            await Task.WhenAll(Task.Run(cancellation.Cancel), Task.Run(() => semaphore.Release(2)));
            if (await head)
            {
                semaphore.Release(1);
            }

            await behind;
            semaphore.Release(2);
            Check.Equal(2L, semaphore.CurrentCount, "free permits");
            Check.Equal(0, semaphore.WaitingCount, "waiters");
        }, ExplorationRun.Options(_traces, seed: 2, iterations: 80));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_LargeHeadWaiterCancelled_TheSmallWaiterBehindItIsServedWithoutARelease()
    {
        var report = Explorer.Explore(async () =>
        {
            var semaphore = new WeightedSemaphore(3);
            Check.That(semaphore.TryAcquire(2), "The first acquisition found the permits free.");
            var cancellation = new CancellationTokenSource();
            async Task HeadAsync()
            {
                try
                {
                    await semaphore.AcquireAsync(2, cancellation.Token);
                    Check.That(false, "The large waiter was granted although nobody released a permit.");
                }
                catch (OperationCanceledException)
                {
                    // Expected: only the cancellation can end this wait.
                }
            }

            // The small request fits in the one free permit but queues behind the large one when it arrives later;
            // once the large one is cancelled, nothing but the cancellation can let it in.
            var head = Task.Run(HeadAsync);
            var behind = Task.Run(() => semaphore.AcquireAsync(1));
            await Task.Run(cancellation.Cancel);
            await Task.WhenAll(head, behind);
            semaphore.Release(3);
            Check.Equal(3L, semaphore.CurrentCount, "free permits");
        }, ExplorationRun.Options(_traces, seed: 17, iterations: 60));

        Assert.True(report.IsClean, report.ToString());
    }

    /// <summary>Random scripts of acquisitions, cancellations and releases, checked against a model of Go's semantics:
    /// after every step the free permits and the waiters match the model; at the end, every request the model granted
    /// holds its permits, every request it cancelled is cancelled, and every request still waiting is pending.</summary>
    [Property(MaxTest = 200, Replay = "(20260412,71)")]
    public async Task AnyScript_MatchesTheModel_NeverExceedsCapacityAndNeverLosesPermits(int[] script)
    {
        const long Capacity = 5;
        var semaphore = new WeightedSemaphore(Capacity);
        var model = new SemaphoreModel(Capacity);
        var requests = new List<(Task Task, CancellationTokenSource? Cancellation, long Count)>();
        for (int index = 0; index < script.Length; index++)
        {
            // FsCheck's integers are small; a multiplicative hash spreads each one (and its position) over every choice.
            uint step = unchecked(((uint)script[index] * 2654435761u) ^ ((uint)index * 40503u));
            int op = (int)(step % 5);
            long count = (step >> 8) % Capacity + 1;
            switch (op)
            {
                case 0:
                    bool acquired = semaphore.TryAcquire(count);
                    Assert.Equal(model.TryAcquire(requests.Count, count), acquired);
                    requests.Add((acquired ? Task.CompletedTask : Task.FromCanceled(new CancellationToken(canceled: true)), null, count));
                    break;
                case 1:
                case 2:
                    var cancellation = op == 2 ? new CancellationTokenSource() : null;
                    requests.Add((semaphore.AcquireAsync(count, cancellation?.Token ?? CancellationToken.None), cancellation, count));
                    model.Acquire(requests.Count - 1, count);
                    break;
                case 3 when model.Holders.Count > 0:
                    int holder = model.Holders[(int)((step >> 16) % (uint)model.Holders.Count)];
                    semaphore.Release(requests[holder].Count);
                    model.Release(holder, requests[holder].Count);
                    break;
                case 4 when model.Waiting.Count > 0:
                    var (id, _) = model.Waiting[(int)((step >> 16) % (uint)model.Waiting.Count)];
                    if (requests[id].Cancellation is { } source)
                    {
                        source.Cancel();
                        model.Cancel(id);
                    }

                    break;
            }

            Assert.InRange(semaphore.CurrentCount, 0, Capacity);
            Assert.Equal(Capacity - model.Held, semaphore.CurrentCount);
            Assert.Equal(model.Waiting.Count, semaphore.WaitingCount);
        }

        foreach (int id in model.Holders)
        {
            await requests[id].Task;
        }

        foreach (int id in model.Canceled)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => requests[id].Task);
        }

        Assert.All(model.Waiting, waiting => Assert.False(requests[waiting.Id].Task.IsCompleted));
    }

    /// <summary>Go's weighted semaphore as a plain sequential model: FIFO waiters, all-or-nothing grants.</summary>
    private sealed class SemaphoreModel(long capacity)
    {
        public long Held { get; private set; }

        /// <summary>Requests holding permits, by request id.</summary>
        public List<int> Holders { get; } = [];

        /// <summary>Waiting requests in arrival order.</summary>
        public List<(int Id, long Count)> Waiting { get; } = [];

        public List<int> Canceled { get; } = [];

        public bool TryAcquire(int id, long count)
        {
            if (Waiting.Count > 0 || capacity - Held < count)
            {
                return false;
            }

            Held += count;
            Holders.Add(id);
            return true;
        }

        public void Acquire(int id, long count)
        {
            Waiting.Add((id, count));
            Grant();
        }

        public void Release(int id, long count)
        {
            Holders.Remove(id);
            Held -= count;
            Grant();
        }

        public void Cancel(int id)
        {
            Waiting.RemoveAll(w => w.Id == id);
            Canceled.Add(id);
            Grant();
        }

        private void Grant()
        {
            while (Waiting.Count > 0 && capacity - Held >= Waiting[0].Count)
            {
                Held += Waiting[0].Count;
                Holders.Add(Waiting[0].Id);
                Waiting.RemoveAt(0);
            }
        }
    }
}
