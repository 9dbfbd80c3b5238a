using Weft.Catalog;

namespace Weft.Benchmarks.Workloads;

/// <summary>The probe of DESIGN.md: three tasks that each yield ten times. Nothing but scheduling, so its cost per
/// iteration is the scheduler's own.</summary>
/// <remarks><b>Thread safety:</b> an instance is used by one iteration only.</remarks>
[Scenario("bench/yield-probe", "Three tasks each await Task.Yield() ten times; nothing else.")]
public sealed class YieldProbe : IScenario
{
    private const int Tasks = 3;
    private const int Yields = 10;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var tasks = new Task[Tasks];
        for (int i = 0; i < Tasks; i++)
        {
            tasks[i] = Task.Run(YieldAsync);
        }

        await Task.WhenAll(tasks);
    }

    private static async Task YieldAsync()
    {
        for (int i = 0; i < Yields; i++)
        {
            await Task.Yield();
        }
    }
}
