using Weft.Catalog;

namespace Weft.Scenarios.Atomics;

/// <summary>Two tasks each increment a shared counter once under a lock; the count is always 2.</summary>
/// <seealso cref="CounterReadAwaitWrite"/>
/// <seealso cref="Counter"/>
[Scenario("atomics/counter-with-lock", "Two tasks increment a counter under a lock; no update is lost.")]
public sealed class CounterWithLock : IScenario
{
    private readonly object _gate = new();
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
        lock (_gate)
        {
            int read = _count;
            _count = read + 1;
        }
    }
}
