using System.Diagnostics;
using Weft.Checking;

namespace Weft.Tests.Checking;

public sealed class ShadowMemoryTests(ITestOutputHelper output)
{
    private const int Locations = 100_000;

    private const int Passes = 10;

    [Fact]
    public void Detector_MillionAccessesToHundredThousandLocations_StaysSmallAndAllocatesNothingOnceWarm()
    {
        var races = new List<RaceReport>();
        var detector = new RaceDetector(races.Add);
        var root = detector.Root;
        var objects = Enumerable.Range(0, Locations / 2).Select(_ => new object()).ToArray();
        var array = new int[Locations / 2];

        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Run(detector, [root], objects, array, write: true);
        var readers = Enumerable.Range(0, 4).Select(i => detector.StartTask(detector.Fork(root), $"reader {i}")).ToArray();
        Run(detector, readers, objects, array, write: false);
        var firstRound = clock.Elapsed;
        long firstRoundBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        clock.Restart();
        Run(detector, readers, objects, array, write: false);
        var secondRound = clock.Elapsed;
        long secondRoundBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"first {Passes * Locations:N0} accesses: {firstRound.TotalMilliseconds:F0} ms, {firstRoundBytes / 1024.0 / 1024.0:F1} MiB allocated");
        output.WriteLine($"next {(Passes - 1) * Locations:N0} accesses: {secondRound.TotalMilliseconds:F0} ms, {secondRoundBytes / 1024.0:F1} KiB allocated");
        Assert.Empty(races);
        Assert.Equal(Locations, detector.LocationCount);
        Assert.Equal(0, detector.UntrackedAccesses);
        Assert.True(firstRoundBytes < 128L * 1024 * 1024, $"{firstRoundBytes} bytes allocated for {Locations} locations");
        Assert.True(secondRoundBytes < 1024 * 1024, $"{secondRoundBytes} bytes allocated by accesses to known locations");
        // A generous bound against pathological slowness (a few hundred ms on a 2-core machine), not a benchmark.
        Assert.True(firstRound + secondRound < TimeSpan.FromSeconds(20), $"{firstRound} + {secondRound}");
    }

    [Fact]
    public void Detector_MoreLocationsThanItsBound_TracksOnlyTheBoundAndCountsTheRest()
    {
        var detector = new RaceDetector(_ => { }, maxLocations: 1_000);
        var objects = Enumerable.Range(0, 5_000).Select(_ => new object()).ToArray();

        foreach (var target in objects)
        {
            detector.Write(detector.Root, target, "Sample.Node._value", "N.cs:1");
        }

        Assert.Equal(1_000, detector.LocationCount);
        Assert.Equal(4_000, detector.UntrackedAccesses);
    }

    [Fact]
    public void Element_LargeArray_UsesSparseShadow()
    {
        var detector = new RaceDetector(_ => { });
        var huge = new byte[ObjectShadow.DenseElementLimit * 100];

        long before = GC.GetAllocatedBytesForCurrentThread();
        detector.WriteElement(detector.Root, huge, huge.Length - 1, "H.cs:1");
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, detector.LocationCount);
        Assert.True(bytes < 16 * 1024, $"{bytes} bytes for one element of a {huge.Length}-element array");
    }

    /// <summary>One pass over every location by each of <paramref name="tasks"/> in turn: a write by the root, or reads by
    /// four concurrent readers, which leave every location read-shared, the most expensive state.</summary>
    private static void Run(RaceDetector detector, LogicalTask[] tasks, object[] objects, int[] array, bool write)
    {
        const string field = "Sample.Node._value";
        int passes = write ? 1 : Passes - 1;
        for (int pass = 0; pass < passes; pass++)
        {
            var task = tasks[pass % tasks.Length];
            for (int i = 0; i < objects.Length; i++)
            {
                if (write)
                {
                    detector.Write(task, objects[i], field, "N.cs:1");
                    detector.WriteElement(task, array, i, "N.cs:2");
                }
                else
                {
                    detector.Read(task, objects[i], field, "N.cs:3");
                    detector.ReadElement(task, array, i, "N.cs:4");
                }
            }
        }
    }
}
