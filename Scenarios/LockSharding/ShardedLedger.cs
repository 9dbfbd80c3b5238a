using Weft.Catalog;

namespace Weft.Scenarios.LockSharding;

/// <summary>A ledger sharded over <see cref="Lock"/>s (System.Threading.Lock): a transfer between two shards locks both in
/// shard order, so opposite transfers never wait for each other in a cycle.</summary>
/// <seealso cref="ShardedLedgerLockOrderDeadlock"/>
[Scenario("lock-sharding/sharded-ledger", "Transfers lock two System.Threading.Lock shards in shard order; no deadlock, money is conserved.")]
public sealed class ShardedLedger : IScenario
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
        var (first, second) = from < to ? (from, to) : (to, from);
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
