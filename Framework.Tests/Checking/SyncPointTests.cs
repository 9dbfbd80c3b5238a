using Weft.Checking;

namespace Weft.Tests.Checking;

public sealed class SyncPointTests
{
    [Fact]
    public void Release_AdvancesTheReleasersOwnEntry()
    {
        var detector = new RaceDetector(_ => { });
        var root = detector.Root;
        var point = new SyncPoint();

        point.Release(root);

        Assert.Equal("[1]", point.ToString());
        Assert.Equal(2, root.Clock[root.Id]);
    }

    [Fact]
    public void Acquire_AfterRelease_OrdersTheReleaseBeforeTheAcquirer()
    {
        var detector = new RaceDetector(_ => { });
        var first = detector.StartTask(null, "first");
        var second = detector.StartTask(null, "second");
        var before = first.Epoch;
        var point = new SyncPoint();

        point.Release(first);
        point.Acquire(second);

        Assert.True(before.HappensBefore(second.Clock));
        Assert.False(first.Epoch.HappensBefore(second.Clock));
    }

    [Fact]
    public void StartTask_FromAFork_StartsAfterTheParentsPastOnly()
    {
        var detector = new RaceDetector(_ => { });
        var parent = detector.Root;
        var beforeFork = parent.Epoch;

        var child = detector.StartTask(detector.Fork(parent), "child");

        Assert.True(beforeFork.HappensBefore(child.Clock));
        Assert.False(parent.Epoch.HappensBefore(child.Clock));
        Assert.Equal(1, child.Clock[child.Id]);
    }
}
