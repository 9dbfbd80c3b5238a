using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Weft.Tests.Checking.Corpus;

/// <summary>
/// Programs with a data race by DESIGN.md's definition: two accesses to one location, at least one a write,
/// from different logical tasks, with no happens-before edge between them.
/// </summary>
public static class RacyPrograms
{
    public static int s_total;

    public static int[] s_slots = new int[4];

    public static Box? s_published;

    // Forks: code after a fork is concurrent with the forked body.

    public static async Task TaskRunAndParentBothWriteAsync()
    {
        var box = new Box();
        var t = Task.Run(() => box.Value = 1);
        box.Value = 2;
        await t;
    }

    public static async Task TwoTaskRunsIncrementStaticAsync()
    {
        s_total = 0;
        await Task.WhenAll(Task.Run(() => s_total++), Task.Run(() => s_total++));
    }

    public static async Task TaskRunReadsWhileParentWritesAfterForkAsync()
    {
        var box = new Box();
        var t = Task.Run(() => box.Value);
        box.Value = 1;
        await t;
    }

    public static async Task TwoStartNewsWriteOneFieldAsync()
    {
        var box = new Box();
        var a = Task.Factory.StartNew(() => box.Value = 1);
        var b = Task.Factory.StartNew(() => box.Value = 2);
        await Task.WhenAll(a, b);
    }

    public static void ThreadWritesWhileParentReads()
    {
        var box = new Box();
        var thread = new Thread(() => box.Value = 1);
        thread.Start();
        _ = box.Value;
        thread.Join();
    }

    public static void TwoThreadsIncrementStatic()
    {
        s_total = 0;
        var a = new Thread(() => s_total++);
        var b = new Thread(() => s_total++);
        a.Start();
        b.Start();
        a.Join();
        b.Join();
    }

    public static void ParallelForIncrementsSharedStatic()
    {
        s_total = 0;
        Parallel.For(0, 2, _ => s_total++);
    }

    public static void ParallelForEachAddsToSharedField()
    {
        var box = new Box();
        Parallel.ForEach(new[] { 1, 2 }, item => box.Value += item);
    }

    public static void ParallelForWritesOneArrayElement()
    {
        var slots = new int[1];
        Parallel.For(0, 2, i => slots[0] = i);
    }

    public static async Task TwoTaskRunsWriteOneArrayElementAsync()
    {
        var flags = new bool[2];
        await Task.WhenAll(Task.Run(() => flags[1] = true), Task.Run(() => flags[1] = false));
    }

    public static async Task TaskRunAndParentWriteStaticArrayElementAsync()
    {
        s_slots = new int[4];
        var t = Task.Run(() => s_slots[2] = 1);
        s_slots[2] = 2;
        await t;
    }

    public static async Task CapturedLocalIncrementedByTaskAndParentAsync()
    {
        int count = 0;
        var t = Task.Run(() => count++);
        count++;
        await t;
    }

    public static void CapturedLocalWrittenByTwoThreads()
    {
        int last = 0;
        var a = new Thread(() => last = 1);
        var b = new Thread(() => last = 2);
        a.Start();
        b.Start();
        a.Join();
        b.Join();
        _ = last;
    }

    public static async Task FieldOfArrayItemWrittenByTwoTasksAsync()
    {
        var items = new[] { new Box() };
        await Task.WhenAll(Task.Run(() => items[0].Value = 1), Task.Run(() => items[0].Value = 2));
    }

    // Joins that do not cover the writer.

    public static async Task WaitOnOneTaskThenReadOtherTasksWriteAsync()
    {
        var box = new Box();
        var first = Task.Run(() => box.Other = 1);
        var second = Task.Run(() => box.Value = 1);
        first.Wait();
        _ = box.Value;
        await second;
    }

    public static async Task ResultOfOneTaskThenReadOtherTasksWriteAsync()
    {
        var box = new Box();
        var first = Task.Run(() => 1);
        var second = Task.Run(() => box.Value = 1);
        _ = first.Result + box.Value;
        await second;
    }

    public static async Task WhenAnyThenReadBothWritersFieldsAsync()
    {
        var box = new Box();
        var a = Task.Run(() => box.Value = 1);
        var b = Task.Run(() => box.Other = 1);
        await Task.WhenAny(a, b);
        _ = box.Value + box.Other; // the loser's write is not ordered before this read
        await Task.WhenAll(a, b);
    }

    public static async Task WhenAllOfASubsetThenReadTheRestAsync()
    {
        var box = new Box();
        var a = Task.Run(() => box.Other = 1);
        var b = Task.Run(() => box.Value = 1);
        await Task.WhenAll(a);
        box.Value = 2;
        await b;
    }

    public static void JoinOneThreadThenReadOtherThreadsWrite()
    {
        var box = new Box();
        var a = new Thread(() => box.Other = 1);
        var b = new Thread(() => box.Value = 1);
        a.Start();
        b.Start();
        a.Join();
        _ = box.Value;
        b.Join();
    }

    public static async Task ReadBeforeAwaitingTheWriterAsync()
    {
        var box = new Box();
        var t = Task.Run(() => box.Value = 1);
        _ = box.Value;
        await t;
    }

    public static async Task CallerWritesAfterContinueWithAsync()
    {
        var box = new Box();
        var continuation = Task.Run(() => 1).ContinueWith(_ => box.Value = 1);
        box.Value = 2; // after ContinueWith: unordered with the continuation
        await continuation;
    }

    public static async Task ContinuationReadsAnotherTasksWriteAsync()
    {
        var box = new Box();
        var antecedent = Task.Run(() => box.Other = 1);
        var bystander = Task.Run(() => box.Value = 1);
        await antecedent.ContinueWith(_ => box.Value); // ordered after the antecedent only
        await bystander;
    }

    // Async flows: an async method that suspends forks its continuation from its caller.

    public static async Task AsyncMethodCalledTwiceWithoutAwaitingAsync()
    {
        var box = new Box();
        var first = IncrementAfterYieldAsync(box);
        var second = IncrementAfterYieldAsync(box);
        await first;
        await second;
    }

    public static async Task CallerReadsBeforeAwaitingAsyncMethodAsync()
    {
        var box = new Box();
        var pending = IncrementAfterYieldAsync(box);
        _ = box.Value;
        await pending;
    }

    public static async Task CallerWritesWhileAsyncMethodReadsAfterSuspensionAsync()
    {
        var box = new Box();
        var pending = ReadAfterYieldAsync(box);
        box.Value = 1;
        await pending;
    }

    public static async Task ValueTaskMethodCalledTwiceWithoutAwaitingAsync()
    {
        var box = new Box();
        var first = IncrementAfterYieldValueTaskAsync(box);
        var second = IncrementAfterYieldValueTaskAsync(box);
        await first;
        await second;
    }

    public static async Task AsyncLambdaInTaskRunRacesWithParentAsync()
    {
        var box = new Box();
        var t = Task.Run(async () =>
        {
            await Task.Yield();
            box.Value++;
        });
        box.Value++;
        await t;
    }

    public static async Task FireAndForgetAsyncMethodRacesWithCallerAsync()
    {
        var box = new Box();
        _ = IncrementAfterYieldAsync(box);
        box.Value = 5;
        await Task.Yield();
    }

    // Locks that do not cover both accesses.

    public static async Task OnlyOneSideTakesTheLockAsync()
    {
        var box = new Box();
        var gate = new object();
        var locked = Task.Run(() =>
        {
            lock (gate)
            {
                box.Value++;
            }
        });
        var unlocked = Task.Run(() => box.Value++);
        await Task.WhenAll(locked, unlocked);
    }

    public static async Task TwoDifferentMonitorsAsync()
    {
        var box = new Box();
        object gateA = new(), gateB = new();
        var a = Task.Run(() =>
        {
            lock (gateA)
            {
                box.Value++;
            }
        });
        var b = Task.Run(() =>
        {
            lock (gateB)
            {
                box.Value++;
            }
        });
        await Task.WhenAll(a, b);
    }

    public static async Task MonitorEnterOnDifferentObjectsAsync()
    {
        var box = new Box();
        object gateA = new(), gateB = new();
        void Add(object gate)
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

        await Task.WhenAll(Task.Run(() => Add(gateA)), Task.Run(() => Add(gateB)));
    }

    public static async Task OnlyOneSideTakesSystemThreadingLockAsync()
    {
        var box = new Box();
        var gate = new Lock();
        var locked = Task.Run(() =>
        {
            lock (gate)
            {
                box.Value++;
            }
        });
        var unlocked = Task.Run(() => box.Value++);
        await Task.WhenAll(locked, unlocked);
    }

    public static async Task TwoDifferentSystemThreadingLocksAsync()
    {
        var box = new Box();
        Lock gateA = new(), gateB = new();
        var a = Task.Run(() =>
        {
            using (gateA.EnterScope())
            {
                box.Value++;
            }
        });
        var b = Task.Run(() =>
        {
            using (gateB.EnterScope())
            {
                box.Value++;
            }
        });
        await Task.WhenAll(a, b);
    }

    public static async Task ReadUnderLockWriteOutsideAsync()
    {
        var box = new Box();
        var gate = new object();
        void Increment()
        {
            int seen;
            lock (gate)
            {
                seen = box.Value;
            }

            box.Value = seen + 1; // written after the release: the other task's write is unordered with it
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
    }

    // Semaphores: only a Release orders the wait it satisfies.

    public static async Task TwoPermitSemaphoreAdmitsBothWritersAsync()
    {
        var box = new Box();
        var permits = new SemaphoreSlim(2);
        async Task WriteAsync()
        {
            // Both waits are satisfied by the initial permits, and nobody releases: nothing orders the two writes.
            await permits.WaitAsync();
            box.Value++;
        }

        await Task.WhenAll(Task.Run(WriteAsync), Task.Run(WriteAsync));
    }

    public static async Task SemaphoreReleasedBeforeTheWriteAsync()
    {
        var box = new Box();
        var signal = new SemaphoreSlim(0);
        var producer = Task.Run(() =>
        {
            signal.Release();
            box.Value = 1; // after the release: not ordered before the consumer's read
        });
        await signal.WaitAsync();
        _ = box.Value;
        await producer;
    }

    public static async Task WriteAfterSemaphoreReleaseRacesWithNextHolderAsync()
    {
        var box = new Box();
        var mutex = new SemaphoreSlim(1);
        void Update()
        {
            mutex.Wait();
            box.Other++;
            mutex.Release();
            box.Value++; // outside the critical section
        }

        await Task.WhenAll(Task.Run(Update), Task.Run(Update));
    }

    // TaskCompletionSource: only what precedes the completion is ordered before the awaiter.

    public static async Task TaskCompletionSourceSetBeforeTheWriteAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            done.SetResult();
            box.Value = 1;
        });
        await done.Task;
        _ = box.Value;
        await producer;
    }

    public static async Task ReadWithoutAwaitingTheCompletionSourceAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource();
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            done.SetResult();
        });
        _ = box.Value;
        await done.Task;
        await producer;
    }

    public static async Task CompletionSourceSetterWritesWhileItRunsTheContinuationInlineAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(); // continuations may run inline, inside SetResult
        var producer = Task.Run(() =>
        {
            done.SetResult();
            box.Value = 1; // after SetResult: unordered with the continuation, even one SetResult ran inline
        });
        await done.Task;
        box.Value = 2;
        await producer;
    }

    public static async Task ValueTaskSourceCompleterWritesAfterCompletingAsync()
    {
        var box = new Box();
        var signal = new ValueTaskSignal();
        var completer = Task.Run(() =>
        {
            signal.Complete(1);
            box.Value = 42; // after the completion
        });
        await signal.Task;
        _ = box.Value;
        await completer;
    }

    // Atomics: an atomic access orders nothing for a plain access on the other side, and plain flags publish nothing.

    public static async Task InterlockedOnOneSidePlainWriteOnTheOtherAsync()
    {
        var box = new Box();
        var atomic = Task.Run(() => Interlocked.Increment(ref box.Value));
        var plain = Task.Run(() => box.Value = 10);
        await Task.WhenAll(atomic, plain);
    }

    public static async Task PlainReadWhileAnotherTaskIncrementsAtomicallyAsync()
    {
        var box = new Box();
        var atomic = Task.Run(() => Interlocked.Increment(ref box.Value));
        var plain = Task.Run(() => box.Value); // a plain read of a location written atomically, unordered with the write
        await Task.WhenAll(atomic, plain);
    }

    public static async Task PlainFlagPublicationAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            box.Ready = true; // plain write: publishes nothing, and races with the reader's plain read
        });
        var reader = Task.Run(() => box.Ready ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task VolatileWriteBeforeTheDataAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            Volatile.Write(ref box.Ready, true);
            box.Value = 42; // after the release: the reader's read is unordered with it
        });
        var reader = Task.Run(() =>
        {
            _ = Volatile.Read(ref box.Ready);
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task VolatileReadOfAnotherLocationOrdersNothingAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            Volatile.Write(ref box.Ready, true);
        });
        var reader = Task.Run(() =>
        {
            _ = Volatile.Read(ref box.Other);
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task StaticReadByOneTaskWrittenByAnotherAsync()
    {
        s_total = 0;
        var reader = Task.Run(() => s_total);
        var writer = Task.Run(() => s_total = 7);
        await Task.WhenAll(reader, writer);
    }

    // More forks, joins and publications.

    public static void WaitAnyThenReadBothWritersFields()
    {
        var box = new Box();
        var a = Task.Run(() => box.Value = 1);
        var b = Task.Run(() => box.Other = 1);
        Task.WaitAny(a, b);
        _ = box.Value + box.Other; // the loser's write is not ordered before this read
        Task.WaitAll(a, b);
    }

    public static void ParallelInvokeActionsWriteOneField()
    {
        var box = new Box();
        Parallel.Invoke(() => box.Value = 1, () => box.Value = 2);
    }

    public static async Task TaskRunForkedInsideLockWritesWithoutItAsync()
    {
        var box = new Box();
        var gate = new object();
        Task t;
        lock (gate)
        {
            t = Task.Run(() => box.Value++); // the body does not take the lock
            box.Value++;
        }

        await t;
    }

    public static async Task TaskRunsInALoopIncrementOneCounterAsync()
    {
        var box = new Box();
        var tasks = new List<Task>();
        for (int i = 0; i < 3; i++)
        {
            tasks.Add(Task.Run(() => box.Value++));
        }

        await Task.WhenAll(tasks);
    }

    public static async Task PlainReferencePublicationAsync()
    {
        s_published = null;
        var writer = Task.Run(() => s_published = new Box { Value = 42 });
        var reader = Task.Run(() => s_published?.Value ?? 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task DoubleCheckedLockingWithPlainCheckAsync()
    {
        s_published = null;
        var gate = new object();
        Box Get()
        {
            if (s_published is { } existing) // plain read outside the lock: races with the write inside it
            {
                return existing;
            }

            lock (gate)
            {
                return s_published ??= new Box { Value = 1 };
            }
        }

        await Task.WhenAll(Task.Run(Get), Task.Run(Get));
    }

    public static async Task VolatileReadWithoutVolatileWriteAsync()
    {
        var box = new Box();
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            box.Other = 1; // plain write: no release, so the reader's acquire orders nothing
        });
        var reader = Task.Run(() =>
        {
            _ = Volatile.Read(ref box.Ready);
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task ParallelForWithAtomicCounterButPlainLastWriterAsync()
    {
        var box = new Box();
        await Task.Run(() => Parallel.For(0, 2, i =>
        {
            Interlocked.Increment(ref box.Other);
            box.Value = i; // plain write from every iteration
        }));
    }

    public static async Task ContinuationAfterSuspensionWritesWhileCallerWritesAsync()
    {
        s_total = 0;
        var pending = WriteStaticAfterYieldAsync();
        s_total = 2;
        await pending;
    }

    public static async Task CompletionSourceAwaitedByOneReaderOnlyAsync()
    {
        var box = new Box();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            box.Value = 1;
            done.SetResult();
        });
        var bystander = Task.Run(() => box.Value); // never awaits the completion source
        await done.Task;
        await Task.WhenAll(producer, bystander);
    }

    public static async Task TwoDelayedContinuationsWriteOneFieldAsync()
    {
        var box = new Box();
        async Task WriteLaterAsync(TimeSpan delay, int value)
        {
            await Task.Delay(delay); // the earlier timer firing first is no happens-before edge
            box.Value = value;
        }

        await Task.WhenAll(WriteLaterAsync(TimeSpan.FromSeconds(1), 1), WriteLaterAsync(TimeSpan.FromSeconds(2), 2));
    }

    public static void ParameterizedThreadsWriteOneStatic()
    {
        s_total = 0;
        var a = new Thread(state => s_total = (int)state!);
        var b = new Thread(state => s_total = (int)state!);
        a.Start(1);
        b.Start(2);
        a.Join();
        b.Join();
    }

    public static async Task LongRunningStartNewRacesWithParentAsync()
    {
        var box = new Box();
        var t = Task.Factory.StartNew(() => box.Value++, TaskCreationOptions.LongRunning);
        box.Value++;
        await t;
    }

    public static async Task AsyncLambdasInTaskRunWriteStaticAfterAwaitAsync()
    {
        s_total = 0;
        await Task.WhenAll(
            Task.Run(async () =>
            {
                await Task.Yield();
                s_total = 1;
            }),
            Task.Run(async () =>
            {
                await Task.Yield();
                s_total = 2;
            }));
    }

    public static void WritesAfterAFailedTryEnter()
    {
        var box = new Box();
        var gate = new Lock();
        void Increment()
        {
            bool taken = gate.TryEnter(); // fails: the test holds the lock until both tasks end
            box.Value++; // written without the lock
            if (taken)
            {
                gate.Exit();
            }
        }

        gate.Enter();
        try
        {
            Task.WaitAll(Task.Run(Increment), Task.Run(Increment)); // blocking, so the thread that entered the lock exits it
        }
        finally
        {
            gate.Exit();
        }
    }

    public static async Task JaggedArrayInnerElementWrittenByTwoTasksAsync()
    {
        var rows = new[] { new int[2], new int[2] };
        await Task.WhenAll(Task.Run(() => rows[1][0] = 1), Task.Run(() => rows[1][0] = 2));
    }

    public static async Task NestedAsyncMethodNotAwaitedRacesWithCallerAsync()
    {
        var box = new Box();
        var outer = OuterAsync(box);
        box.Value = 3;
        await outer;
    }

    public static async Task TwoReadersThenAnUnorderedWriterAsync()
    {
        var box = new Box();
        var readers = Task.WhenAll(Task.Run(() => box.Value), Task.Run(() => box.Value));
        var writer = Task.Run(() => box.Value = 1); // unordered with both reads, which share the location
        await Task.WhenAll(readers, writer);
    }

    // Concurrent collections: only what precedes an add is published, only to whoever finds the item, per key.

    public static async Task ConcurrentDictionaryWriteAfterTryAddAsync()
    {
        var map = new ConcurrentDictionary<int, Box>();
        var writer = Task.Run(() =>
        {
            var box = new Box();
            map.TryAdd(1, box);
            box.Value = 42; // after the publication: the reader's read is unordered with it
        });
        var reader = Task.Run(() => map.TryGetValue(1, out var found) ? found.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryReaderOfAnotherKeyAsync()
    {
        var box = new Box();
        var map = new ConcurrentDictionary<int, int>();
        map[2] = 0;
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            map[1] = 1; // publishes key 1 only
        });
        var reader = Task.Run(() => map.TryGetValue(2, out _) ? box.Value : 0);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ConcurrentDictionaryReadersDoNotOrderEachOtherAsync()
    {
        var box = new Box();
        var map = new ConcurrentDictionary<int, int>();
        map[1] = 1;
        var first = Task.Run(() =>
        {
            box.Value = 42;
            return map.TryGetValue(1, out _); // a lookup publishes nothing
        });
        var second = Task.Run(() => map.ContainsKey(1) ? box.Value : 0);
        await Task.WhenAll(first, second);
    }

    public static async Task ConcurrentDictionaryGetOrAddFindingTheValueReleasesNothingAsync()
    {
        var box = new Box();
        var map = new ConcurrentDictionary<int, int>();
        map[1] = 1;
        var first = Task.Run(() =>
        {
            box.Value = 42;
            return map.GetOrAdd(1, 5); // finds the key: no change, no release
        });
        var second = Task.Run(() => map.GetOrAdd(1, _ => 6) == 1 ? box.Value : 0);
        await Task.WhenAll(first, second);
    }

    public static async Task ConcurrentQueueWriteAfterEnqueueAsync()
    {
        var queue = new ConcurrentQueue<Box>();
        var producer = Task.Run(() =>
        {
            var item = new Box();
            queue.Enqueue(item);
            item.Value = 42; // after the publication
        });
        var consumer = Task.Run(() => queue.TryDequeue(out var item) ? item.Value : 0);
        await Task.WhenAll(producer, consumer);
    }

    public static async Task ConcurrentQueueDequeueReleasesNothingAsync()
    {
        var box = new Box();
        var queue = new ConcurrentQueue<int>([1, 2]);
        var first = Task.Run(() =>
        {
            box.Value = 42;
            queue.TryDequeue(out _);
        });
        var second = Task.Run(() => queue.TryDequeue(out _) ? box.Value : 0);
        await Task.WhenAll(first, second);
    }

    public static async Task ConcurrentStackWriteAfterPushAsync()
    {
        var stack = new ConcurrentStack<Box>();
        var producer = Task.Run(() =>
        {
            var item = new Box();
            stack.Push(item);
            item.Value = 42;
        });
        var consumer = Task.Run(() => stack.TryPop(out var item) ? item.Value : 0);
        await Task.WhenAll(producer, consumer);
    }

    public static async Task ConcurrentBagWriteAfterAddAsync()
    {
        var bag = new ConcurrentBag<Box>();
        var producer = Task.Run(() =>
        {
            var item = new Box();
            bag.Add(item);
            item.Value = 42;
        });
        var consumer = Task.Run(() => bag.TryTake(out var item) ? item.Value : 0);
        await Task.WhenAll(producer, consumer);
    }

    public static async Task BlockingCollectionWriteAfterAddAsync()
    {
        using var queue = new BlockingCollection<Box>();
        var producer = Task.Run(() =>
        {
            var item = new Box();
            queue.Add(item);
            item.Value = 42; // after the publication
        });
        var consumer = Task.Run(() => queue.Take().Value);
        await Task.WhenAll(producer, consumer);
    }

    // Channels: only what precedes a write is published, only to the reader of that item.

    public static async Task ChannelItemWrittenAfterItWasSentAsync()
    {
        var channel = Channel.CreateUnbounded<Box>();
        var writer = Task.Run(() =>
        {
            var item = new Box();
            channel.Writer.TryWrite(item);
            item.Value = 42; // after the write
        });
        var reader = Task.Run(async () => (await channel.Reader.ReadAsync()).Value);
        await Task.WhenAll(writer, reader);
    }

    public static async Task ChannelReaderOfAnotherWritersItemAsync()
    {
        var box = new Box();
        var channel = Channel.CreateUnbounded<int>();
        var first = Task.Run(() =>
        {
            box.Value = 42;
            channel.Writer.TryWrite(1);
        });
        var second = Task.Run(() => channel.Writer.TryWrite(2));
        var reader = Task.Run(async () => await channel.Reader.ReadAsync() == 2 ? box.Value : 0); // item 2 publishes nothing of the first writer
        await Task.WhenAll(first, second, reader);
    }

    public static async Task ChannelCompletedBeforeTheWriteAsync()
    {
        var box = new Box();
        var channel = Channel.CreateUnbounded<int>();
        var writer = Task.Run(() =>
        {
            channel.Writer.Complete();
            box.Value = 42; // after Complete
        });
        var reader = Task.Run(async () =>
        {
            await channel.Reader.Completion;
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
    }

    // Lazy values: only the making of the value is published, not what its readers do.

    public static async Task LazyValueWrittenAfterItWasMadeAsync()
    {
        var lazy = new Lazy<Box>(() => new Box());
        var writer = Task.Run(() => lazy.Value.Value = 42); // after the value was made: publishes nothing
        var reader = Task.Run(() => lazy.Value.Value);
        await Task.WhenAll(writer, reader);
    }

    public static async Task LazyReaderPublishesNothingAsync()
    {
        var shared = new Box();
        var lazy = new Lazy<Box>(() => new Box());
        _ = lazy.Value; // made here, before both tasks
        var first = Task.Run(() =>
        {
            shared.Value = 42;
            return lazy.Value;
        });
        var second = Task.Run(() => lazy.Value is not null ? shared.Value : 0);
        await Task.WhenAll(first, second);
    }

    public static async Task LazyInitializerReaderPublishesNothingAsync()
    {
        var shared = new Box();
        var holder = new Box();
        LazyInitializer.EnsureInitialized(ref holder.Next, () => new Box());
        var first = Task.Run(() =>
        {
            shared.Value = 42;
            return LazyInitializer.EnsureInitialized(ref holder.Next, () => new Box());
        });
        var second = Task.Run(() => LazyInitializer.EnsureInitialized(ref holder.Next, () => new Box()) is not null ? shared.Value : 0);
        await Task.WhenAll(first, second);
    }

    // ReaderWriterLockSlim: readers do not order each other, and nothing outside the lock is ordered.

    public static async Task WritesUnderReadLocksAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim();
        void IncrementUnderReadLock()
        {
            gate.EnterReadLock();
            try
            {
                box.Value++; // two readers can be inside together
            }
            finally
            {
                gate.ExitReadLock();
            }
        }

        await Task.WhenAll(Task.Run(IncrementUnderReadLock), Task.Run(IncrementUnderReadLock));
    }

    public static async Task WriterWritesAfterExitingTheWriteLockAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim();
        var writer = Task.Run(() =>
        {
            gate.EnterWriteLock();
            gate.ExitWriteLock();
            box.Value = 1; // after the exit
        });
        var reader = Task.Run(() =>
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
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task UpgradeableReaderWritesWhilePlainReadersReadAsync()
    {
        var box = new Box();
        var gate = new ReaderWriterLockSlim();
        var upgradeable = Task.Run(() =>
        {
            gate.EnterUpgradeableReadLock();
            try
            {
                box.Value = 1; // written without upgrading: readers can be inside
            }
            finally
            {
                gate.ExitUpgradeableReadLock();
            }
        });
        var reader = Task.Run(() =>
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
        });
        await Task.WhenAll(upgradeable, reader);
    }

    // Cancellation: only what precedes Cancel is published, only to those who see it cancelled.

    public static async Task CancellerWritesAfterCancelAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var worker = Task.Run(() => source.IsCancellationRequested ? box.Value : 0);
        var canceller = Task.Run(() =>
        {
            source.Cancel();
            box.Value = 42; // after the cancellation
        });
        await Task.WhenAll(worker, canceller);
    }

    public static async Task ObserverThatSeesNoCancellationAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var worker = Task.Run(() =>
        {
            _ = source.Token.IsCancellationRequested; // false in some interleavings: then nothing is observed
            return box.Value;
        });
        var canceller = Task.Run(() =>
        {
            box.Value = 42;
            source.Cancel();
        });
        await Task.WhenAll(worker, canceller);
    }

    public static async Task RegistrarWritesAfterRegisterAsync()
    {
        var box = new Box();
        using var source = new CancellationTokenSource();
        var canceller = Task.Run(source.Cancel);
        source.Token.Register(() => box.Value = 1);
        box.Value = 2; // after Register: unordered with a callback the canceller runs
        await canceller;
    }

    // Events, countdowns and barriers: only what precedes a signal is published, only to the waits it releases.

    public static async Task ManualResetEventSlimWriteAfterSetAsync()
    {
        var box = new Box();
        using var ready = new ManualResetEventSlim();
        var writer = Task.Run(() =>
        {
            ready.Set();
            box.Value = 42; // after the signal
        });
        var reader = Task.Run(() =>
        {
            ready.Wait();
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task ManualResetEventWaitThatTimedOutAsync()
    {
        var box = new Box();
        using var ready = new ManualResetEvent(false);
        var writer = Task.Run(() =>
        {
            box.Value = 42;
            ready.Set();
        });
        var reader = Task.Run(() =>
        {
            ready.WaitOne(0); // may return false: then it observed nothing
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
    }

    public static async Task CountdownEventWriterThatDoesNotSignalAsync()
    {
        var box = new Box();
        using var done = new CountdownEvent(1);
        var signaller = Task.Run(() =>
        {
            box.Value = 1;
            done.Signal();
        });
        var bystander = Task.Run(() => box.Other = 2); // never signals
        done.Wait();
        _ = box.Value + box.Other;
        await Task.WhenAll(signaller, bystander);
    }

    public static async Task BarrierParticipantWritesAfterItsSignalAsync()
    {
        var box = new Box();
        using var barrier = new Barrier(2);
        var writer = Task.Run(() =>
        {
            barrier.SignalAndWait();
            box.Value = 1; // after the phase: unordered with the other participant's read
        });
        var reader = Task.Run(() =>
        {
            barrier.SignalAndWait();
            return box.Value;
        });
        await Task.WhenAll(writer, reader);
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

    private static async Task WriteStaticAfterYieldAsync()
    {
        await Task.Yield();
        s_total = 1;
    }

    private static async Task OuterAsync(Box box) => await IncrementAfterYieldAsync(box);

    private static async Task ReadAfterYieldAsync(Box box)
    {
        await Task.Yield();
        _ = box.Value;
    }
}
