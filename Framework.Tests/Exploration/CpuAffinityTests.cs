using System.Collections.Concurrent;
using Weft.Exploration;

namespace Weft.Tests.Exploration;

/// <summary>Pins <see cref="ExplorationOptions.RunOnOneCpu"/>: every controlled thread of an iteration runs on one CPU, and
/// nothing outside the exploration is touched. Skipped where there is nothing to pin (not Linux, or one CPU). Not run in
/// parallel with other tests: any exploration running meanwhile pins the threads created meanwhile.</summary>
[Collection(nameof(CpuAffinityCollection))]
public sealed class CpuAffinityTests
{
    private static readonly bool s_canPin = CpuAffinity.Allowed() is { Count: > 1 };

    [Fact]
    public void Explore_RunOnOneCpu_RunsTheTestItsThreadsTasksAndContinuationsOnOneCpu()
    {
        Assert.SkipUnless(s_canPin, "CPU affinity is only set on Linux with more than one CPU.");
        var seen = new ConcurrentBag<string>();

        var report = Explorer.Explore(() => RecordAffinityAsync(seen), new ExplorationOptions { Iterations = 3, Strategy = StrategyKind.Random });

        Assert.True(report.IsClean, report.ToString());
        var cpus = Assert.Single(seen.Select(s => s[(s.IndexOf(':') + 1)..]).Distinct());
        Assert.DoesNotContain(',', cpus);
    }

    [Fact]
    public void Explore_RunOnOneCpuOff_LeavesTheAffinityAlone()
    {
        Assert.SkipUnless(s_canPin, "CPU affinity is only set on Linux with more than one CPU.");
        string before = Describe(CpuAffinity.Allowed());
        var seen = new ConcurrentBag<string>();

        Explorer.Explore(() => RecordAffinityAsync(seen), new ExplorationOptions { Iterations = 3, Strategy = StrategyKind.Random, RunOnOneCpu = false });

        Assert.Equal([before], seen.Select(s => s[(s.IndexOf(':') + 1)..]).Distinct());
    }

    [Fact]
    public void Explore_RunOnOneCpu_GivesTheMainThreadItsAffinityBack()
    {
        Assert.SkipUnless(s_canPin, "CPU affinity is only set on Linux with more than one CPU.");
        string before = Describe(CpuAffinity.Allowed());

        Explorer.Explore(() => RecordAffinityAsync([]), new ExplorationOptions { Iterations = 2 });

        // A thread created now gets the main thread's affinity (see CpuAffinity): all the CPUs again.
        string after = string.Empty;
        var thread = new Thread(() => after = Describe(CpuAffinity.Allowed()));
        thread.Start();
        thread.Join();
        Assert.Equal(before, after);
    }

    private static async Task RecordAffinityAsync(ConcurrentBag<string> seen)
    {
        seen.Add("root:" + Describe(CpuAffinity.Allowed()));
        var raw = new Thread(() => seen.Add("raw thread:" + Describe(CpuAffinity.Allowed())));
        raw.Start();
        raw.Join();
        await Task.WhenAll(Task.Run(async () =>
        {
            seen.Add("task:" + Describe(CpuAffinity.Allowed()));
            await Task.Yield();
            seen.Add("continuation:" + Describe(CpuAffinity.Allowed()));
        }), Task.Run(() => seen.Add("other task:" + Describe(CpuAffinity.Allowed()))));
        seen.Add("after join:" + Describe(CpuAffinity.Allowed()));
    }

    private static string Describe(IReadOnlyList<int>? cpus) => cpus is null ? "unknown" : string.Join(',', cpus);
}
