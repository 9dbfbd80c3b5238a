using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Atomics;

/// <summary>Bug (data-race): each task increments the counter with a plain <c>_count++</c>, a read and a write that no lock,
/// atomic or await orders with the other task's. Under the scheduler nothing runs between the read and the write, so no
/// update is lost and the assertion never fails; the race is reported anyway, on the first iteration.</summary>
/// <seealso cref="Counter"/>
[Scenario("atomics/counter-plain-increment", "Two tasks increment a counter with count++; a data race even when no update is lost.",
    Expected = BugKind.DataRace)]
public sealed class CounterPlainIncrement : IScenario
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
        _count++; // BUG: a plain read-modify-write, neither atomic nor under a lock.
    }
}
