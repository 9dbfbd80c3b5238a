using Weft.Checking;

namespace Weft.Tests.Checking;

public sealed class RaceDetectorTests
{
    private const string Field = "Sample.Counter._count";

    private readonly List<RaceReport> _races = [];

    private readonly RaceDetector _detector;

    private readonly object _target = new();

    public RaceDetectorTests() => _detector = new RaceDetector(_races.Add);

    [Fact]
    public void Write_ConcurrentWrites_ReportsWriteWriteRace()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Write(a, _target, Field, "A.cs:1");
        _detector.Write(b, _target, Field, "B.cs:2");

        var race = Assert.Single(_races);
        Assert.Equal(new RaceAccess(AccessKind.Write, "B.cs:2", b.Id, "b"), race.Current);
        Assert.Equal(new RaceAccess(AccessKind.Write, "A.cs:1", a.Id, "a"), race.Previous);
        Assert.Equal(Field, race.Location);
    }

    [Fact]
    public void Read_AfterConcurrentWrite_ReportsWriteReadRace()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Write(a, _target, Field, "A.cs:1");
        _detector.Read(b, _target, Field, "B.cs:2");

        var race = Assert.Single(_races);
        Assert.Equal(AccessKind.Read, race.Current.Kind);
        Assert.Equal(AccessKind.Write, race.Previous.Kind);
    }

    [Fact]
    public void Write_AfterConcurrentRead_ReportsReadWriteRace()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Read(a, _target, Field, "A.cs:1");
        _detector.Write(b, _target, Field, "B.cs:2");

        var race = Assert.Single(_races);
        Assert.Equal(AccessKind.Write, race.Current.Kind);
        Assert.Equal(new RaceAccess(AccessKind.Read, "A.cs:1", a.Id, "a"), race.Previous);
    }

    [Fact]
    public void Write_AfterReadSharedByConcurrentReaders_ReportsTheUnorderedReader()
    {
        var (a, b) = TwoForkedTasks();
        var writer = _detector.Root;
        _detector.Read(a, _target, Field, "A.cs:1");
        _detector.Read(b, _target, Field, "B.cs:2");
        Assert.Empty(_races);

        // The writer joins a, but not b: only b's read races with the write.
        Join(a, writer);
        _detector.Write(writer, _target, Field, "W.cs:3");

        var race = Assert.Single(_races);
        Assert.Equal(new RaceAccess(AccessKind.Read, "B.cs:2", b.Id, "b"), race.Previous);
    }

    [Fact]
    public void Write_AfterReadSharedJoinedByTheWriter_IsNotARace()
    {
        var (a, b) = TwoForkedTasks();
        var writer = _detector.Root;
        _detector.Read(a, _target, Field, "A.cs:1");
        _detector.Read(b, _target, Field, "B.cs:2");

        Join(a, writer);
        Join(b, writer);
        _detector.Write(writer, _target, Field, "W.cs:3");

        Assert.Empty(_races);
    }

    [Fact]
    public void Accesses_OrderedByASyncPoint_AreNotARace()
    {
        var (a, b) = TwoForkedTasks();
        var gate = _detector.LockOf(new object());

        _detector.Write(a, _target, Field, "A.cs:1");
        _detector.Release(a, gate);
        _detector.Acquire(b, gate);
        _detector.Read(b, _target, Field, "B.cs:2");
        _detector.Write(b, _target, Field, "B.cs:3");

        Assert.Empty(_races);
    }

    [Fact]
    public void Accesses_ByOneTask_AreNeverARace()
    {
        var task = _detector.Root;

        _detector.Read(task, _target, Field, "A.cs:1");
        _detector.Write(task, _target, Field, "A.cs:2");
        _detector.Release(task, new SyncPoint());
        _detector.Write(task, _target, Field, "A.cs:3");
        _detector.Read(task, _target, Field, "A.cs:4");

        Assert.Empty(_races);
    }

    [Fact]
    public void Read_ConcurrentReads_AreNotARace()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Read(a, _target, Field, "A.cs:1");
        _detector.Read(b, _target, Field, "B.cs:2");
        _detector.Read(_detector.Root, _target, Field, "R.cs:3");

        Assert.Empty(_races);
    }

    [Fact]
    public void Write_BeforeFork_HappensBeforeTheChild()
    {
        var parent = _detector.Root;
        _detector.Write(parent, _target, Field, "P.cs:1");

        var child = _detector.StartTask(_detector.Fork(parent), "child");
        _detector.Write(child, _target, Field, "C.cs:2");

        Assert.Empty(_races);
    }

    [Fact]
    public void Write_AfterFork_RacesWithTheChild()
    {
        var parent = _detector.Root;
        var child = _detector.StartTask(_detector.Fork(parent), "child");

        _detector.Write(parent, _target, Field, "P.cs:1");
        _detector.Read(child, _target, Field, "C.cs:2");

        Assert.Single(_races);
    }

    [Fact]
    public void Join_CompletionOfATask_OrdersItsWritesBeforeTheJoiner()
    {
        var parent = _detector.Root;
        var child = _detector.StartTask(_detector.Fork(parent), "child");
        var task = new TaskCompletionSource().Task;
        _detector.Write(child, _target, Field, "C.cs:1");
        _detector.Release(child, _detector.CompletionOf(task).Point);

        _detector.Join(parent, task);
        _detector.Write(parent, _target, Field, "P.cs:2");

        Assert.Empty(_races);
    }

    [Fact]
    public void Join_WhenAllCompletion_JoinsEveryPart()
    {
        var parent = _detector.Root;
        var parts = new[] { new TaskCompletionSource().Task, new TaskCompletionSource().Task };
        var whenAll = new TaskCompletionSource().Task;
        _detector.Register(whenAll, new TaskCompletion { AllOf = parts });
        foreach (var part in parts)
        {
            var child = _detector.StartTask(_detector.Fork(parent), "child");
            _detector.Write(child, _target, Field, "C.cs:1");
            _detector.Release(child, _detector.CompletionOf(part).Point);
        }

        _detector.Join(parent, whenAll);
        _detector.Read(parent, _target, Field, "P.cs:2");

        Assert.Single(_races); // The two children race with each other, and with nobody else.
        Assert.Equal("C.cs:1", _races[0].Current.Site);
    }

    [Fact]
    public void Atomic_ConcurrentAtomicAccesses_NeverRaceAndOrderWhatFollows()
    {
        var (a, b) = TwoForkedTasks();
        const string flag = "Sample.Flag._ready";

        _detector.Write(a, _target, Field, "A.cs:1");
        _detector.Atomic(a, _target, flag, 0, AtomicKind.Release, "A.cs:2");
        _detector.Atomic(b, _target, flag, 0, AtomicKind.Acquire, "B.cs:1");
        _detector.Read(b, _target, Field, "B.cs:2");
        _detector.Atomic(a, _target, flag, 0, AtomicKind.AcquireRelease, "A.cs:3");
        _detector.Atomic(b, _target, flag, 0, AtomicKind.AcquireRelease, "B.cs:3");

        Assert.Empty(_races);
    }

    [Fact]
    public void Atomic_AfterAnUnorderedPlainWrite_ReportsRaceWithTheAtomicAccess()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Write(a, _target, Field, "A.cs:1");
        _detector.Atomic(b, _target, Field, 0, AtomicKind.AcquireRelease, "B.cs:1");

        var race = Assert.Single(_races);
        Assert.Equal(AccessKind.AtomicWrite, race.Current.Kind);
        Assert.Equal(AccessKind.Write, race.Previous.Kind);
        Assert.Contains("atomic write at B.cs:1", race.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AfterAnUnorderedAtomicRead_ReportsRaceAndAnUnorderedPlainReadDoesNot()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Atomic(a, _target, Field, 0, AtomicKind.Acquire, "A.cs:1");
        _detector.Read(b, _target, Field, "B.cs:1");
        Assert.Empty(_races);
        _detector.Write(b, _target, Field, "B.cs:2");

        var race = Assert.Single(_races);
        Assert.Equal(AccessKind.AtomicRead, race.Previous.Kind);
        Assert.Equal("A.cs:1", race.Previous.Site);
    }

    [Fact]
    public void Read_AfterAnAtomicWriteItAcquired_IsOrdered()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Atomic(a, _target, Field, 0, AtomicKind.Release, "A.cs:1");
        _detector.Atomic(b, _target, Field, 0, AtomicKind.Acquire, "B.cs:1");
        _detector.Read(b, _target, Field, "B.cs:2");
        _detector.Write(b, _target, Field, "B.cs:3");

        Assert.Empty(_races);
    }

    [Fact]
    public void ReadStatic_AfterConcurrentStaticWrite_ReportsRaceOnTheStaticField()
    {
        var (a, b) = TwoForkedTasks();

        _detector.WriteStatic(a, "Sample.Config.s_value", "A.cs:1");
        _detector.ReadStatic(b, "Sample.Config.s_value", "B.cs:2");

        Assert.Equal("Sample.Config.s_value", Assert.Single(_races).Location);
    }

    [Fact]
    public void WriteElement_SameIndex_RacesAndOtherIndexDoesNot()
    {
        var (a, b) = TwoForkedTasks();
        var array = new int[4];

        _detector.WriteElement(a, array, 1, "A.cs:1");
        _detector.WriteElement(b, array, 2, "B.cs:2");
        Assert.Empty(_races);
        _detector.WriteElement(b, array, 1, "B.cs:3");

        Assert.Equal("element [1] of System.Int32[]", Assert.Single(_races).Location);
    }

    [Fact]
    public void ReadElement_IndexOutOfRange_IsIgnored()
    {
        var (a, b) = TwoForkedTasks();
        var array = new int[1];

        _detector.WriteElement(a, array, 5, "A.cs:1");
        _detector.WriteElement(b, array, -1, "B.cs:2");

        Assert.Empty(_races);
        Assert.Equal(0, _detector.LocationCount);
    }

    [Fact]
    public void Race_SameSitePairFoundAgain_IsReportedOnce()
    {
        var (a, b) = TwoForkedTasks();

        for (int i = 0; i < 3; i++)
        {
            var target = new object();
            _detector.Write(a, target, Field, "A.cs:1");
            _detector.Write(b, target, Field, "B.cs:2");
        }

        Assert.Single(_races);
    }

    [Fact]
    public void Stop_AccessesAfterwards_AreNotRecorded()
    {
        var (a, b) = TwoForkedTasks();
        _detector.Write(a, _target, Field, "A.cs:1");

        _detector.Stop();
        _detector.Write(b, _target, Field, "B.cs:2");

        Assert.False(_detector.IsActive);
        Assert.Empty(_races);
    }

    [Fact]
    public void Message_NamesLocationBothAccessesAndTheirSpawnSites()
    {
        var (a, b) = TwoForkedTasks();

        _detector.Read(a, _target, Field, "Counter.cs:25 (Counter.Increment)");
        _detector.Write(b, _target, Field, "Counter.cs:25 (Counter.Increment)");

        var race = Assert.Single(_races);
        Assert.Equal(
            "Data race on Sample.Counter._count: write at Counter.cs:25 (Counter.Increment) (in b) and earlier read at "
            + "Counter.cs:25 (Counter.Increment) (in a) are not ordered by happens-before.",
            race.Message);
        Assert.Contains($"by task {b.Id} (b)", race.Details, StringComparison.Ordinal);
        Assert.Contains($"by task {a.Id} (a)", race.Details, StringComparison.Ordinal);
    }

    private (LogicalTask A, LogicalTask B) TwoForkedTasks()
    {
        var root = _detector.Root;
        return (_detector.StartTask(_detector.Fork(root), "a"), _detector.StartTask(_detector.Fork(root), "b"));
    }

    private void Join(LogicalTask finished, LogicalTask joiner)
    {
        var done = new SyncPoint();
        _detector.Release(finished, done);
        _detector.Acquire(joiner, done);
    }
}
