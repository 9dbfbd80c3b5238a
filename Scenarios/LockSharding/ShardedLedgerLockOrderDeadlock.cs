using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.LockSharding;

/// <summary>Bug (deadlock): each transfer locks its source shard, then its destination; when the two opposite transfers
/// each hold their first <see cref="Lock"/>, each waits forever for the other's.</summary>
/// <seealso cref="ShardedLedger"/>
[Scenario("lock-sharding/sharded-ledger-lock-order-deadlock", "Transfers lock System.Threading.Lock shards source first; opposite transfers deadlock.",
    Expected = BugKind.Deadlock)]
public sealed class ShardedLedgerLockOrderDeadlock : IScenario
{
    private readonly Lock[] _shards = [new(), new()];
    private readonly int[] _balances = [100, 100];

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(Task.Run(() => Move(0, 1, 10)), Task.Run(() => Move(1, 0, 20)));
        Check.Equal(200, _balances[0] + _balances[1], "total balance");
    }

    private void Move(int from, int to, int amount)
    {
        var (first, second) = (from, to); // BUG: the lock order depends on the direction of the transfer.
        lock (_shards[first])
        {
            lock (_shards[second])
            {
                _balances[from] -= amount;
                _balances[to] += amount;
            }
        }
    }
}
