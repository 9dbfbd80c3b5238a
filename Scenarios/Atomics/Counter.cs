using Weft.Catalog;

namespace Weft.Scenarios.Atomics;

/// <summary>Two tasks each increment a shared counter once with <see cref="Interlocked.Increment(ref int)"/>; the count is always 2.</summary>
/// <seealso cref="CounterReadAwaitWrite"/>
/// <seealso cref="CounterWithLock"/>
/// <seealso cref="CounterPlainIncrement"/>
[Scenario("atomics/counter", "Two tasks increment a counter with Interlocked.Increment; no update is lost.")]
public sealed class Counter : IScenario
{
    private int _count;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));
        Check.Equal(2, _count, "count");
    }

    private async Task IncrementAsync()
    {
        await Task.Yield();
        Interlocked.Increment(ref _count);
    }
}
