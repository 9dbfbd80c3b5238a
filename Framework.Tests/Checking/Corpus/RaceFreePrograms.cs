using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Weft.Tests.Checking.Corpus;

/// <summary>
/// Programs whose conflicting accesses are all ordered by a happens-before edge that docs/using-weft.md section 7 lists,
/// or that touch no location from two logical tasks.
/// </summary>
public static class RaceFreePrograms
{
    public static int s_total;

    public static int[] s_slots = new int[4];

    public static Box? s_published;

    public static bool s_flag;

    public static object? s_lock;

    // Program order.

    public static void WritesAndReadsInOneTask()
    {
        var box = new Box();
        box.Value = 1;
        box.Value += box.Value;
        s_total = box.Value;
    }

    public static async Task AsyncMethodAwaitedTwiceInTurnAsync()
    {
        var box = new Box();
        await IncrementAfterYieldAsync(box);
        await IncrementAfterYieldAsync(box);
        box.Value++;
    }

    // Forks: everything before the fork happens before the forked body.

    public static async Task WriteBeforeTaskRunReadInBodyAsync()
    {
        var box = new Box();
        box.Value = 1;
        await Task.Run(() => box.Value);
    }

    public static async Task WriteBeforeStartNewReadInBodyAsync()
    {
        var box = new Box();
        box.Value = 1;
        await Task.Factory.StartNew(() => box.Value);
    }

    public static void WriteBeforeThreadStartReadInThread()
    {
        var box = new Box();
        box.Value = 1;
        var thread = new Thread(() => _ = box.Value);
        thread.Start();
        thread.Join();
    }

    public static void WriteBeforeParallelForReadInEveryIteration()
    {
        var box = new Box();
        box.Value = 3;
        var seen = new int[3];
        Parallel.For(0, 3, i => seen[i] = box.Value);
    }

    public static void WriteBeforeParallelForEachReadInEveryIteration()
    {
        var box = new Box();
        box.Value = 3;
        Parallel.ForEach(new[] { new Box(), new Box() }, item => item.Value = box.Value);
    }

    // Joins: a task's last action happens before the join.

    public static async Task TaskRunWritesThenAwaitThenReadAsync()
    {
        var box = new Box();
        await Task.Run(() => box.Value = 1);
        box.Value++;
    }

    public static void TaskRunWritesThenWaitThenRead()
    {
        var box = new Box();
        var t = Task.Run(() => box.Value = 1);
        t.Wait();
        box.Value++;
    }

    public static void TaskRunWritesThenResultThenRead()
    {
        var box = new Box();
        var t = Task.Run(() =>
        {
            box.Other = 5;
            return 1;
        });
        box.Value = t.Result + box.Other;
    }

    public static void WaitAllThenReadBothWrites()
    {
        var box = new Box();
        var a = Task.Run(() => box.Value = 1);
        var b = Task.Run(() => box.Other = 2);
        Task.WaitAll(a, b);
        box.Value += box.Other;
    }

    public static async Task WhenAllThenReadBothWritesAsync()
    {
        var box = new Box();
        var a = Task.Run(() => box.Value = 1);
        var b = Task.Run(() => box.Other = 2);
        await Task.WhenAll(a, b);
        box.Value += box.Other;
    }

    public static async Task WhenAnyThenReadOnlyTheWinnersWriteAsync()
    {
        var box = new Box();
        var a = Task.Run(() => box.Value = 1);
        var b = Task.Run(() => box.Other = 2);
        var winner = await Task.WhenAny(a, b);
        _ = winner == a ? box.Value : box.Other;
        await Task.WhenAll(a, b);
    }

    public static void ThreadJoinThenRead()
    {
        var box = new Box();
        var thread = new Thread(() => box.Value = 1);
        thread.Start();
        thread.Join();
        box.Value++;
    }

    public static async Task TwoTaskRunsAwaitedInTurnWriteOneFieldAsync()
    {
        var box = new Box();
        await Task.Run(() => box.Value++);
        await Task.Run(() => box.Value++);
    }

    public static async Task NestedTaskRunJoinedTransitivelyAsync()
    {
        var box = new Box();
        await Task.Run(async () => await Task.Run(() => box.Value = 1));
        box.Value++;
    }

    public static void ThreadStartedAfterJoiningAnother()
    {
        var box = new Box();
        var first = new Thread(() => box.Value = 1);
        first.Start();
        first.Join();
        var second = new Thread(() => box.Value++);
        second.Start();
        second.Join();
    }

    public static void ParallelForWritesOwnElementsThenParentReads()
    {
        var slots = new int[4];
        Parallel.For(0, slots.Length, i => slots[i] = i);
        _ = slots[0] + slots[1] + slots[2] + slots[3];
    }

    public static void ParallelForEachWritesOwnItemThenParentReads()
    {
        var items = new[] { new Box(), new Box() };
        Parallel.ForEach(items, item => item.Value = 1);
        _ = items[0].Value + items[1].Value;
    }

    public static async Task ContinueWithSeesTheAntecedentsWritesAsync()
    {
        var box = new Box();
        await Task.Run(() => box.Value = 1).ContinueWith(_ => box.Value++);
        box.Value++;
    }

    public static async Task ContinueWithSeesWhatTheCallerWroteBeforeItAsync()
    {
        var box = new Box();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completer = Task.Run(started.SetResult); // forked before the write below
        box.Value = 1;
        var continuation = started.Task.ContinueWith((_, state) => ((Box)state!).Value++, box, TaskContinuationOptions.ExecuteSynchronously);
        await Task.WhenAll(completer, continuation);
        box.Value++;
    }

    public static async Task ContinueWithOfATaskWithAResultAsync()
    {
        var box = new Box();
        int sum = await Task.Run(() =>
        {
            box.Value = 1;
            return 2;
        }).ContinueWith(t => t.Result + box.Value);
        box.Value += sum;
    }

    public static async Task WhenAnyOfResultTasksThenUseTheWinnerAsync()
    {
        var box = new Box();
        var a = Task.Run(() =>
        {
            box.Value = 1;
            return box;
        });
        var b = Task.Run(() => new Box { Value = 2 });
        var winner = await Task.WhenAny(a, b);
        winner.Result.Other = winner.Result.Value; // the winner's box, written by the winner only
        await Task.WhenAll(a, b);
    }

    // Async flows: code before a suspension happens before the continuation; an async method's completion before its await.

    public static async Task AsyncMethodWritesAfterSuspensionCallerReadsAfterAwaitAsync()
    {
        var box = new Box();
        await IncrementAfterYieldAsync(box);
        _ = box.Value;
    }

    public static async Task CallerWritesBeforeCallAsyncMethodReadsAfterSuspensionAsync()
    {
        var box = new Box();
        box.Value = 1;
        await ReadAfterYieldAsync(box);
    }

    public static async Task AsyncMethodWritesBeforeSuspensionReadsAfterAsync()
    {
        var box = new Box();
        box.Value = 1;
        await Task.Yield();
        box.Value++;
        await Task.Yield();
        _ = box.Value;
    }

    public static async Task TwoAsyncCallsOnSeparateFieldsJoinedByWhenAllAsync()
    {
        Box a = new(), b = new();
        await Task.WhenAll(IncrementAfterYieldAsync(a), IncrementAfterYieldAsync(b));
        _ = a.Value + b.Value;
    }

    public static async Task ValueTaskMethodAwaitedThenReadAsync()
    {
        var box = new Box();
        await IncrementAfterYieldValueTaskAsync(box);
        await IncrementAfterYieldValueTaskAsync(box);
        _ = box.Value;
    }

    public static async Task AsyncLambdaInTaskRunAwaitedThenReadAsync()
    {
        var box = new Box();
        await Task.Run(async () =>
        {
            box.Value = 1;
            await Task.Yield();
            box.Value++;
        });
        box.Value++;
    }

    // Locks: a release happens before the next acquire of the same lock.

    public static async Task LockStatementOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new object();
        void Increment()
        {
            lock (gate)
            {
                box.Value++;
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static async Task MonitorEnterExitOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new object();
        void Increment()
        {
            Monitor.Enter(gate);
            try
            {
                box.Value++;
            }
            finally
            {
                Monitor.Exit(gate);
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static void LockStatementAcrossThreads()
    {
        s_total = 0;
        var gate = new object();
        void Increment()
        {
            lock (gate)
            {
                s_total++;
            }
        }

        var a = new Thread(Increment);
        var b = new Thread(Increment);
        a.Start();
        b.Start();
        a.Join();
        b.Join();
    }

    public static async Task SystemThreadingLockStatementOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new Lock();
        void Increment()
        {
            lock (gate)
            {
                box.Value++;
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static async Task SystemThreadingLockEnterScopeOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new Lock();
        void Increment()
        {
            using (gate.EnterScope())
            {
                box.Value++;
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static async Task SystemThreadingLockEnterExitOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new Lock();
        void Increment()
        {
            gate.Enter();
            try
            {
                box.Value++;
            }
            finally
            {
                gate.Exit();
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static void ParallelForUnderLockOnStatic()
    {
        s_total = 0;
        var gate = new object();
        Parallel.For(0, 3, _ =>
        {
            lock (gate)
            {
                s_total++;
            }
        });
    }

    // SemaphoreSlim: Release happens before the Wait or awaited WaitAsync it satisfies.

    public static async Task SemaphoreAsMutexWithWaitAsync()
    {
        var box = new Box();
        var mutex = new SemaphoreSlim(1);
        void Increment()
        {
            mutex.Wait();
            try
            {
                box.Value++;
            }
            finally
            {
                mutex.Release();
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static async Task SemaphoreAsMutexWithWaitAsyncAsync()
    {
        var box = new Box();
        var mutex = new SemaphoreSlim(1);
        async Task IncrementAsync()
        {
            await mutex.WaitAsync();
            try
            {
                box.Value++;
            }
            finally
            {
                mutex.Release();
            }
        }

        await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));
    }

    public static async Task SemaphoreSignalsDataWrittenBeforeReleaseAsync()
    {
        var box = new Box();
        var signal = new SemaphoreSlim(0);
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            signal.Release();
        });
        await signal.WaitAsync();
        box.Value++;
        await producer;
    }

    public static void SemaphoreSignalsAThreadBlockedInWait()
    {
        var box = new Box();
        var signal = new SemaphoreSlim(0);
        var consumer = new Thread(() =>
        {
            signal.Wait();
            box.Value++;
        });
        consumer.Start();
        box.Value = 1;
        signal.Release();
        consumer.Join();
    }

    // TaskCompletionSource: completing it happens before awaiting its task.

    public static async Task CompletionSourceSetAfterTheWriteAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            done.SetResult();
        });
        await done.Task;
        box.Value++;
        await producer;
    }

    public static async Task CompletionSourceResultCarriesPublishedObjectAsync()
    {
        var result = new TaskCompletionSource<Box>(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            var box = new Box { Value = 42 };
            result.TrySetResult(box);
        });
        var received = await result.Task;
        received.Value++;
        await producer;
    }

    public static async Task CompletionSourceWithInlineContinuationAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource();
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            done.SetResult();
        });
        await done.Task;
        box.Value++;
        await producer;
    }

    public static async Task CompletionSourceInlineContinuationContinuesTheAwaitingMethodAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(); // continuations may run inline, inside SetResult
        var producer = Task.Run(done.SetResult);
        box.Value = 1; // before the await: ordered before the continuation, wherever it runs
        await done.Task;
        box.Value++;
        await producer;
    }

    public static async Task ValueTaskSourceCompletionPublishesToTheAwaiterAsync()
    {
        var box = new Box();
        var signal = new ValueTaskSignal();
        var completer = Task.Run(() =>
        {
            box.Value = 42;
            signal.Complete(1);
        });
        int got = await signal.Task;
        box.Value += got;
        await completer;
    }

    // Atomics: Interlocked and Volatile accesses never race, and a Volatile.Write publishes what precedes it.

    public static async Task InterlockedIncrementOnBothSidesAsync()
    {
        var box = new Box();
        await Task.WhenAll(Task.Run(() => Interlocked.Increment(ref box.Value)), Task.Run(() => Interlocked.Increment(ref box.Value)));
    }

    public static async Task InterlockedCompareExchangeLoopOnStaticAsync()
    {
        s_total = 0;
        static void Add(int amount)
        {
            int seen;
            do
            {
                seen = Volatile.Read(ref s_total);
            }
            while (Interlocked.CompareExchange(ref s_total, seen + amount, seen) != seen);
        }

        await Task.WhenAll(Task.Run(() => Add(1)), Task.Run(() => Add(2)));
    }

    public static async Task VolatileWriteReadOnBothSidesAsync()
    {
        var box = new Box();
        var writer = Task.Run(() => Volatile.Write(ref box.Value, 1));
        var reader = Task.Run(() => Volatile.Read(ref box.Value));
        await Task.WhenAll(writer, reader);
    }

    public static async Task VolatileFlagPublishesPlainDataAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            Volatile.Write(ref box.Ready, true);
        });
        var reader = Task.Run(() => Volatile.Read(ref box.Ready) ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task InterlockedFlagPublishesPlainDataAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            Interlocked.Exchange(ref box.Other, 1);
        });
        var reader = Task.Run(() => Interlocked.CompareExchange(ref box.Other, 0, 0) == 1 ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task VolatileFieldPublishesPlainDataAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            box.VolatileReady = true;
        });
        var reader = Task.Run(() => box.VolatileReady ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    // Static fields, array elements and captured variables.

    public static async Task StaticArrayElementsWrittenByDistinctTasksAsync()
    {
        s_slots = new int[4];
        await Task.WhenAll(Task.Run(() => s_slots[0] = 1), Task.Run(() => s_slots[1] = 1));
        _ = s_slots[0] + s_slots[1];
    }

    public static async Task CapturedLocalWrittenInTaskReadAfterAwaitAsync()
    {
        int count = 0;
        await Task.Run(() => count = 5);
        count++;
    }

    public static async Task StaticFieldWrittenBeforeForkAndAfterJoinAsync()
    {
        s_total = 1;
        await Task.Run(() => s_total++);
        s_total++;
    }

    // More forks, joins and publications.

    public static void WaitAnyThenReadOnlyTheWinnersWrite()
    {
        var box = new Box();
        var a = Task.Run(() => box.Value = 1);
        var b = Task.Run(() => box.Other = 2);
        int winner = Task.WaitAny(a, b);
        _ = winner == 0 ? box.Value : box.Other;
        Task.WaitAll(a, b);
    }

    public static void ParallelInvokeActionsWriteOwnFieldsThenParentReads()
    {
        var box = new Box();
        box.Ready = true;
        Parallel.Invoke(() => box.Value = box.Ready ? 1 : 0, () => box.Other = box.Ready ? 2 : 0);
        _ = box.Value + box.Other;
    }

    public static async Task AsyncMethodThatNeverSuspendsCalledTwiceWithoutAwaitingAsync()
    {
        var box = new Box();
        var first = IncrementWithoutSuspendingAsync(box); // runs to completion synchronously: no fork
        var second = IncrementWithoutSuspendingAsync(box);
        await first;
        await second;
    }

    public static async Task AsyncMethodWritesBeforeSuspensionCallerReadsAfterCallAsync()
    {
        var box = new Box();
        var pending = WriteThenYieldAsync(box); // the write precedes the suspension, in the caller's logical task
        _ = box.Value;
        await pending;
    }

    public static async Task AsyncMethodResultAwaitedThenReadAsync()
    {
        var box = new Box();
        int returned = await WriteAfterYieldAndReturnAsync(box);
        box.Value += returned;
    }

    public static async Task ConfigureAwaitFalseJoinAsync()
    {
        var box = new Box();
        await Task.Run(() => box.Value = 1).ConfigureAwait(false);
        box.Value++;
    }

    public static void ThreadJoinsItsOwnTaskThenParentJoinsThread()
    {
        var box = new Box();
        var thread = new Thread(() => Task.Run(() => box.Value = 1).Wait());
        thread.Start();
        thread.Join();
        box.Value++;
    }

    public static async Task VolatileReferencePublicationAsync()
    {
        s_published = null;
        var writer = Task.Run(() => Volatile.Write(ref s_published, new Box { Value = 42 }));
        var reader = Task.Run(() => Volatile.Read(ref s_published)?.Value ?? 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task VolatileStaticFlagPublishesPlainDataAsync()
    {
        s_flag = false;
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            Volatile.Write(ref s_flag, true);
        });
        var reader = Task.Run(() => Volatile.Read(ref s_flag) ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task VolatileInstanceReferencePublicationAsync()
    {
        var holder = new Box();
        var writer = Task.Run(() =>
        {
            var published = new Box { Value = 42 };
            Volatile.Write(ref holder.Next, published);
        });
        var reader = Task.Run(() => Volatile.Read(ref holder.Next)?.Value ?? 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task InterlockedExchangePublishesAnInlineBuiltObjectAsync()
    {
        var holder = new Box();
        var writer = Task.Run(() => Interlocked.Exchange(ref holder.Next, new Box { Value = 42 }));
        var reader = Task.Run(() => Volatile.Read(ref holder.Next)?.Value ?? 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task CompareExchangePublishesAConditionallyBuiltObjectAsync()
    {
        var holder = new Box();
        bool big = holder.Value == 0;
        var writer = Task.Run(() => Interlocked.CompareExchange(ref holder.Next, big ? new Box { Value = 42 } : new Box { Value = 1 }, null));
        var reader = Task.Run(() => Volatile.Read(ref holder.Next)?.Value ?? 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task DoubleCheckedLockingWithVolatileAsync()
    {
        s_published = null;
        var gate = new object();
        Box Get()
        {
            if (Volatile.Read(ref s_published) is { } existing)
            {
                return existing;
            }

            lock (gate)
            {
                if (Volatile.Read(ref s_published) is { } created)
                {
                    return created;
                }

                var box = new Box { Value = 1 };
                Volatile.Write(ref s_published, box);
                return box;
            }
        }

        var boxes = await Task.WhenAll(Task.Run(Get), Task.Run(Get));
        _ = boxes[0].Value + boxes[1].Value;
    }

    public static void ParallelForAddsWithInterlockedToStatic()
    {
        s_total = 0;
        Parallel.For(0, 3, i => Interlocked.Add(ref s_total, i));
        _ = s_total;
    }

    public static async Task CompletionSourceFaultedAfterTheWriteAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            done.SetException(new InvalidOperationException("stop"));
        });
        try
        {
            await done.Task;
        }
        catch (InvalidOperationException)
        {
            box.Value++;
        }

        await producer;
    }

    public static void CompletionSourceSetByAThread()
    {
        var box = new Box();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            box.Value = 1;
            done.SetResult();
        });
        thread.Start();
        done.Task.Wait();
        box.Value++;
        thread.Join();
    }

    public static async Task SemaphoreReleasedTwiceForTwoReadersAsync()
    {
        var box = new Box();
        var signal = new SemaphoreSlim(0);
        var readers = new[]
        {
            Task.Run(async () => { await signal.WaitAsync(); return box.Value; }),
            Task.Run(async () => { await signal.WaitAsync(); return box.Value; }),
        };
        box.Value = 42;
        signal.Release(2);
        await Task.WhenAll(readers);
    }

    public static void GetAwaiterGetResultJoin()
    {
        var box = new Box();
        Task.Run(() => box.Value = 1).GetAwaiter().GetResult();
        box.Value++;
    }

    public static async Task LongRunningStartNewAwaitedThenReadAsync()
    {
        var box = new Box();
        box.Value = 1;
        await Task.Factory.StartNew(() => box.Value++, TaskCreationOptions.LongRunning);
        box.Value++;
    }

    public static async Task WhenAllResultsOfTasksWritingOwnFieldsAsync()
    {
        var box = new Box();
        int[] results = await Task.WhenAll(Task.Run(() => box.Value = 1), Task.Run(() => box.Other = 2));
        box.Value += results[1] + box.Other;
    }

    public static async Task LockTryEnterWritesOnlyWhenTakenAsync()
    {
        var box = new Box();
        var gate = new Lock();
        void TryIncrement()
        {
            if (gate.TryEnter())
            {
                try
                {
                    box.Value++;
                }
                finally
                {
                    gate.Exit();
                }
            }
        }

        await Task.WhenAll(Task.Run(TryIncrement), Task.Run(TryIncrement));
    }

    public static async Task MonitorTryEnterWritesOnlyWhenTakenAsync()
    {
        var box = new Box();
        var gate = new object();
        void TryIncrement()
        {
            bool taken = false;
            try
            {
                Monitor.TryEnter(gate, ref taken);
                if (taken)
                {
                    box.Value++;
                }
            }
            finally
            {
                if (taken)
                {
                    Monitor.Exit(gate);
                }
            }
        }

        await Task.WhenAll(Task.Run(TryIncrement), Task.Run(TryIncrement));
    }

    public static async Task InterlockedLongPublishesPlainDataAsync()
    {
        var box = new Box();
        long stamp = 0;
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            Interlocked.Exchange(ref stamp, 1);
        });
        var reader = Task.Run(() => Interlocked.Read(ref stamp) == 1 ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task DelayedContinuationsUnderOneLockAsync()
    {
        var box = new Box();
        var gate = new object();
        async Task WriteLaterAsync(TimeSpan delay)
        {
            await Task.Delay(delay);
            lock (gate)
            {
                box.Value++;
            }
        }

        await Task.WhenAll(WriteLaterAsync(TimeSpan.FromSeconds(1)), WriteLaterAsync(TimeSpan.FromSeconds(2)));
        box.Value++;
    }

    public static async Task ValueTaskWrappingATaskAwaitedThenReadAsync()
    {
        var box = new Box();
        await new ValueTask(Task.Run(() => box.Value = 1));
        box.Value++;
    }

    public static async Task NestedAsyncMethodsJoinedTransitivelyAsync()
    {
        var box = new Box();
        await OuterAsync(box);
        await OuterAsync(box);
        box.Value++;
    }

    public static void SemaphoreWaitWithTimeoutAfterRelease()
    {
        var box = new Box();
        var signal = new SemaphoreSlim(0);
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            signal.Release();
        });
        if (signal.Wait(TimeSpan.FromSeconds(10)))
        {
            box.Value++;
        }

        producer.Wait();
    }

    public static async Task CompletionSourceCanceledAfterTheWriteAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            done.SetCanceled();
        });
        try
        {
            await done.Task;
        }
        catch (OperationCanceledException)
        {
            box.Value++;
        }

        await producer;
    }

    public static async Task JaggedArrayRowsWrittenByDistinctTasksAsync()
    {
        var rows = new[] { new int[2], new int[2] };
        await Task.WhenAll(Task.Run(() => rows[0][0] = 1), Task.Run(() => rows[1][0] = 2));
        _ = rows[0][0] + rows[1][0];
    }

    public static async Task ConcurrentReadersThenWriterAfterJoinAsync()
    {
        var box = new Box { Value = 1 };
        await Task.WhenAll(Task.Run(() => box.Value), Task.Run(() => box.Value), Task.Run(() => box.Value));
        box.Value = 2; // after every reader has been joined
    }

    // Concurrent collections: adding an item publishes what the adder did before to whoever finds it.

    public static async Task ConcurrentDictionaryTryAddPublishesTheValueAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        var writer = Task.Run(() => map.TryAdd(1, new Box { Value = 42 }));
        var reader = Task.Run(() => map.TryGetValue(1, out var found) ? found.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryGetOrAddFactoryPublishesTheValueAsync()
    {
        var map = new ConcurrentDictionary<string, Box>();
        int Get() => map.GetOrAdd("answer", _ => new Box { Value = 42 }).Value;
        await Task.WhenAll(Task.Run(Get), Task.Run(Get));
    }

    public static async Task ConcurrentDictionaryGetOrAddValueWithArgumentAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        int Get(int seed) => map.GetOrAdd(1, (_, s) => new Box { Value = s }, seed).Value;
        int GetPrebuilt() => map.GetOrAdd(1, new Box { Value = 7 }).Value;
        await Task.WhenAll(Task.Run(() => Get(42)), Task.Run(GetPrebuilt));
    }

    public static async Task ConcurrentDictionaryIndexerSetThenIndexerGetAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        var writer = Task.Run(() => map[1] = new Box { Value = 42 });
        var reader = Task.Run(() => map.ContainsKey(1) ? map[1].Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryAddOrUpdateReadsThePreviousValueAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        void Bump() => map.AddOrUpdate(1, _ => new Box { Value = 1 }, (_, previous) => new Box { Value = previous.Value + 1 });
        await Task.WhenAll(Task.Run(Bump), Task.Run(Bump), Task.Run(Bump));
        _ = map[1].Value;
    }

    public static async Task ConcurrentDictionaryTryRemoveHandsTheValueOverAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        var producer = Task.Run(() => map.TryAdd(1, new Box { Value = 1 }));
        var consumer = Task.Run(() =>
        {
            if (map.TryRemove(1, out var taken))
            {
                taken.Value++; // the remover owns the value now
            }
        });
        await Task.WhenAll(producer, consumer);
    }

    public static async Task ConcurrentDictionaryTryUpdateSwapsInABuiltValueAsync()
    {
        var initial = new Box();
        var map = new ConcurrentDictionary<int, Box>();
        map[1] = initial;
        var writer = Task.Run(() => map.TryUpdate(1, new Box { Value = 42 }, initial));
        var reader = Task.Run(() => map.TryGetValue(1, out var found) ? found.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryEnumerationSeesPublishedValuesAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        var writer = Task.Run(() =>
        {
            map.TryAdd(1, new Box { Value = 1 });
            map.TryAdd(2, new Box { Value = 2 });
        });
        var reader = Task.Run(() =>
        {
            int sum = 0;
            foreach (var pair in map)
            {
                sum += pair.Value.Value;
            }

            foreach (var box in map.Values)
            {
                sum += box.Value;
            }

            return sum + map.ToArray().Sum(p => p.Value.Value);
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryKeysComparedWithItsComparerAsync()
    {
        var map = new ConcurrentDictionary<string, Box>(StringComparer.OrdinalIgnoreCase);
        var writer = Task.Run(() => map.TryAdd("KEY", new Box { Value = 42 }));
        var reader = Task.Run(() => map.TryGetValue("key", out var found) ? found.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryClearedThenRefilledAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        var box = new Box();
        map[1] = box;
        var clearer = Task.Run(() =>
        {
            box.Value = 1;
            map.Clear();
        });
        var reader = Task.Run(() => map.IsEmpty ? box.Value : 0);
        await Task.WhenAll(clearer, reader);
    }

    public static async Task ConcurrentQueueEnqueuePublishesTheItemAsync()
    {
        var queue = new ConcurrentQueue<Box>();
        var producer = Task.Run(() => queue.Enqueue(new Box { Value = 42 }));
        var consumer = Task.Run(() => queue.TryDequeue(out var item) ? item.Value : 0);
        await Task.WhenAll(producer, consumer);
    }

    public static async Task ConcurrentQueuePeekAndEnumerationSeeThePublishedItemAsync()
    {
        var queue = new ConcurrentQueue<Box>();
        var producer = Task.Run(() => queue.Enqueue(new Box { Value = 42 }));
        var reader = Task.Run(() =>
        {
            int seen = queue.TryPeek(out var head) ? head.Value : 0;
            foreach (var item in queue)
            {
                seen += item.Value;
            }

            return seen;
        });
        await Task.WhenAll(producer, reader);
    }

    public static async Task ConcurrentStackPushPublishesTheItemAsync()
    {
        var stack = new ConcurrentStack<Box>();
        var producer = Task.Run(() =>
        {
            stack.Push(new Box { Value = 1 });
            stack.PushRange([new Box { Value = 2 }, new Box { Value = 3 }]);
        });
        var consumer = Task.Run(() =>
        {
            var taken = new Box[2];
            int count = stack.TryPopRange(taken);
            int sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += taken[i].Value;
            }

            return stack.TryPop(out var top) ? sum + top.Value : sum;
        });
        await Task.WhenAll(producer, consumer);
    }

    public static async Task ConcurrentBagAddPublishesTheItemAsync()
    {
        var bag = new ConcurrentBag<Box>();
        var producer = Task.Run(() => bag.Add(new Box { Value = 42 }));
        var consumer = Task.Run(() => bag.TryTake(out var item) ? item.Value : 0);
        await Task.WhenAll(producer, consumer);
    }

    public static async Task BlockingCollectionAddPublishesToTheTakerAsync()
    {
        using var queue = new BlockingCollection<Box>(boundedCapacity: 1);
        var producer = Task.Run(() =>
        {
            queue.Add(new Box { Value = 1 });
            queue.Add(new Box { Value = 2 }); // waits for room until the consumer took the first
            queue.CompleteAdding();
        });
        var consumer = Task.Run(() =>
        {
            int sum = 0;
            foreach (var item in queue.GetConsumingEnumerable())
            {
                sum += item.Value;
            }

            return sum;
        });
        await Task.WhenAll(producer, consumer);
    }

    // Channels: a write happens before the read that receives its item; Complete before the reader that sees it closed.

    public static async Task ChannelWritePublishesTheItemToItsReaderAsync()
    {
        var channel = Channel.CreateUnbounded<Box>();
        var writer = Task.Run(async () => await channel.Writer.WriteAsync(new Box { Value = 42 }));
        var reader = Task.Run(async () => (await channel.Reader.ReadAsync()).Value);
        await Task.WhenAll(writer, reader);
    }

    public static async Task BoundedChannelBlockedWriterPublishesItsItemAsync()
    {
        var channel = Channel.CreateBounded<Box>(1);
        var writer = Task.Run(async () =>
        {
            await channel.Writer.WriteAsync(new Box { Value = 1 });
            await channel.Writer.WriteAsync(new Box { Value = 2 }); // blocks until the reader makes room
            channel.Writer.Complete();
        });
        var reader = Task.Run(async () =>
        {
            int sum = 0;
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                sum += item.Value;
            }

            return sum;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task ChannelPeekAndTryReadSeeThePublishedItemAsync()
    {
        var channel = Channel.CreateUnbounded<Box>();
        var writer = Task.Run(() => channel.Writer.TryWrite(new Box { Value = 42 }));
        var reader = Task.Run(() =>
        {
            int seen = channel.Reader.TryPeek(out var head) ? head.Value : 0;
            return channel.Reader.TryRead(out var item) ? seen + item.Value : seen;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task ChannelCompletePublishesToTheReaderThatSeesItClosedAsync()
    {
        var box = new Box();
        var channel = Channel.CreateUnbounded<int>();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            channel.Writer.Complete();
        });
        var reader = Task.Run(async () =>
        {
            while (await channel.Reader.WaitToReadAsync())
            {
                channel.Reader.TryRead(out _);
            }

            return box.Value;
        });
        var awaiter = Task.Run(async () =>
        {
            await channel.Reader.Completion;
            return box.Value;
        });
        await Task.WhenAll(writer, reader, awaiter);
    }

    // Lazy values: the code that makes the value happens before everyone who gets it.

    public static async Task LazyValueFactoryPublishesTheValueAsync()
    {
        var lazy = new Lazy<Box>(() => new Box { Value = 42 });
        await Task.WhenAll(Task.Run(() => lazy.Value.Value), Task.Run(() => lazy.Value.Value));
    }

    public static async Task LazyValueFactoryPublishesWhatItsTaskDidBeforeAsync()
    {
        var shared = new Box();
        var lazy = new Lazy<Box>(() =>
        {
            shared.Other = 1; // a side effect of the factory, published with the value
            return new Box { Value = 42 };
        }, LazyThreadSafetyMode.PublicationOnly);
        await Task.WhenAll(Task.Run(() => lazy.Value.Value + shared.Other), Task.Run(() => lazy.Value.Value + shared.Other));
    }

    public static async Task LazyInitializerPublishesTheStoredObjectAsync()
    {
        var holder = new Box();
        int Get() => LazyInitializer.EnsureInitialized(ref holder.Next, () => new Box { Value = 42 }).Value;
        await Task.WhenAll(Task.Run(Get), Task.Run(Get));
    }

    public static async Task LazyInitializerWithLockPublishesTheStoredObjectAsync()
    {
        s_lock = null;
        var holder = new Box();
        int Get() => LazyInitializer.EnsureInitialized(ref holder.Next, ref s_lock, () => new Box { Value = 42 }).Value;
        await Task.WhenAll(Task.Run(Get), Task.Run(Get));
    }

    public static async Task LazyInitializerWithFlagPublishesTheValueAsync()
    {
        s_lock = null;
        var holder = new Box();
        var shared = new Box();
        int Get() => LazyInitializer.EnsureInitialized(ref holder.Value, ref holder.Ready, ref s_lock, () =>
        {
            shared.Other = 42;
            return 1;
        }) + shared.Other;
        await Task.WhenAll(Task.Run(Get), Task.Run(Get));
    }

    // ReaderWriterLockSlim: a writer's exit happens before every later enter; readers' exits before the next writer.

    public static async Task ReaderWriterLockWritersOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim();
        void Increment()
        {
            gate.EnterWriteLock();
            try
            {
                box.Value++;
            }
            finally
            {
                gate.ExitWriteLock();
            }
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    public static async Task ReaderWriterLockReadersSeeTheWritersDataAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim();
        int Read()
        {
            gate.EnterReadLock();
            try
            {
                return box.Value + box.Other;
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
                box.Value = 1; // the readers' reads were released at their exits, before this enter
                box.Other = 2;
            }
            finally
            {
                gate.ExitWriteLock();
            }
        }

        await Task.WhenAll(Task.Run(Read), Task.Run(Read), Task.Run(Write));
    }

    public static async Task ReaderWriterLockUpgradeableReaderCheckThenActAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim();
        void AddOnce()
        {
            gate.EnterUpgradeableReadLock();
            try
            {
                if (box.Value == 0)
                {
                    gate.EnterWriteLock();
                    try
                    {
                        box.Value = 1;
                    }
                    finally
                    {
                        gate.ExitWriteLock();
                    }
                }
            }
            finally
            {
                gate.ExitUpgradeableReadLock();
            }
        }

        int Read()
        {
            gate.EnterReadLock();
            try
            {
                return box.Value;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }

        await Task.WhenAll(Task.Run(AddOnce), Task.Run(AddOnce), Task.Run(Read));
    }

    public static async Task ReaderWriterLockTimedEntersOnBothSidesAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion);
        void TryIncrement()
        {
            if (gate.TryEnterWriteLock(TimeSpan.FromSeconds(1)))
            {
                try
                {
                    box.Value++;
                }
                finally
                {
                    gate.ExitWriteLock();
                }
            }
        }

        int TryRead()
        {
            if (!gate.TryEnterReadLock(0))
            {
                return -1;
            }

            try
            {
                return box.Value;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }

        await Task.WhenAll(Task.Run(TryIncrement), Task.Run(TryIncrement), Task.Run(TryRead));
    }

    // Cancellation: Cancel happens before its callbacks and its observers; Register before its callback.

    public static async Task CancelPublishesToTheRegisteredCallbackAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        int seen = 0;
        source.Token.Register(() => seen = box.Value);
        await Task.Run(() =>
        {
            box.Value = 42;
            source.Cancel(); // runs the callback, which returns before Cancel does
        });
        _ = seen;
    }

    public static async Task RegisterPublishesToTheCallbackAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var canceller = Task.Run(source.Cancel); // forked before the write below
        box.Value = 1;
        source.Token.Register(state => _ = ((Box)state!).Value, box);
        await canceller;
    }

    public static async Task IsCancellationRequestedObservesTheCancellersWritesAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var token = source.Token;
        var worker = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Yield();
            }

            return box.Value;
        });
        await Task.Run(() =>
        {
            box.Value = 42;
            source.Cancel();
        });
        await worker;
    }

    public static async Task ThrowIfCancellationRequestedObservesTheCancellersWritesAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var worker = Task.Run(() =>
        {
            try
            {
                source.Token.ThrowIfCancellationRequested();
                return 0;
            }
            catch (OperationCanceledException)
            {
                return box.Value;
            }
        });
        var canceller = Task.Run(() =>
        {
            box.Value = 42;
            source.Cancel();
        });
        await Task.WhenAll(worker, canceller);
    }

    public static async Task CancelledAwaitObservesTheCancellersWritesAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var worker = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, source.Token);
                return 0;
            }
            catch (OperationCanceledException)
            {
                return box.Value;
            }
        });
        var canceller = Task.Run(() =>
        {
            box.Value = 42;
            source.Cancel();
        });
        await Task.WhenAll(worker, canceller);
    }

    public static async Task LinkedSourceObservesItsParentsCancellationAsync()
    {
        var box = new Box();
        using var parent = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(parent.Token, CancellationToken.None);
        var worker = Task.Run(() => linked.IsCancellationRequested ? box.Value : 0);
        var canceller = Task.Run(() =>
        {
            box.Value = 42;
            parent.Cancel();
        });
        await Task.WhenAll(worker, canceller);
    }

    // Events, countdowns and barriers: a signal happens before the wait it releases.

    public static async Task ManualResetEventSlimSetPublishesToTheWaiterAsync()
    {
        var box = new Box();
        using var ready = new ManualResetEventSlim();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            ready.Set();
        });
        var reader = Task.Run(() =>
        {
            ready.Wait();
            return box.Value;
        });
        var poller = Task.Run(() => ready.IsSet ? box.Value : 0);
        await Task.WhenAll(writer, reader, poller);
    }

    public static async Task ManualResetEventSetPublishesToTheWaiterAsync()
    {
        var box = new Box();
        using var ready = new ManualResetEvent(false);
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            ready.Set();
        });
        var reader = Task.Run(() => ready.WaitOne() ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task AutoResetEventHandsOverToOneWaiterAsync()
    {
        var box = new Box();
        using var turn = new AutoResetEvent(false);
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            turn.Set();
        });
        var reader = Task.Run(() => turn.WaitOne(TimeSpan.FromSeconds(10)) ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task CountdownEventSignalsPublishToTheWaiterAsync()
    {
        var box = new Box();
        using var done = new CountdownEvent(2);
        var first = Task.Run(() =>
        {
            box.Value = 1;
            done.Signal();
        });
        var second = Task.Run(() =>
        {
            box.Other = 2;
            done.Signal();
        });
        done.Wait();
        box.Value += box.Other;
        await Task.WhenAll(first, second);
    }

    public static async Task BarrierOrdersEveryParticipantsPhaseBeforeTheNextAsync()
    {
        var slots = new int[2];
        int total = 0;
        using var barrier = new Barrier(2, _ => total = slots[0] + slots[1]);
        void Participant(int me)
        {
            slots[me] = me + 1;
            barrier.SignalAndWait();
            _ = slots[1 - me] + total; // the other's write and the post-phase action came before the phase ended
            barrier.SignalAndWait();
            slots[me] = 0; // both reads above came before this phase ended
        }

        await Task.WhenAll(Task.Run(() => Participant(0)), Task.Run(() => Participant(1)));
    }

    private static async Task IncrementAfterYieldAsync(Box box)
    {
        await Task.Yield();
        box.Value++;
    }

    private static async ValueTask IncrementAfterYieldValueTaskAsync(Box box)
    {
        await Task.Yield();
        box.Value++;
    }

    private static async Task IncrementWithoutSuspendingAsync(Box box)
    {
        await Task.CompletedTask;
        box.Value++;
    }

    private static async Task WriteThenYieldAsync(Box box)
    {
        box.Value = 1;
        await Task.Yield();
    }

    private static async Task<int> WriteAfterYieldAndReturnAsync(Box box)
    {
        await Task.Yield();
        box.Value = 1;
        return 2;
    }

    private static async Task OuterAsync(Box box) => await IncrementAfterYieldAsync(box);

    private static async Task ReadAfterYieldAsync(Box box)
    {
        await Task.Yield();
        _ = box.Value;
    }
}
