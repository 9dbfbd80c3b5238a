using Weft.Catalog;

namespace Weft.Scenarios.LockSharding;

/// <summary>Two opposite transfers between two accounts, each guarded by both accounts' locks taken in account-id order;
/// a global lock order means no deadlock.</summary>
/// <seealso cref="TransferLockOrderDeadlock"/>
[Scenario("lock-sharding/transfer", "Transfers lock both accounts in id order; no deadlock, money is conserved.")]
public sealed class Transfer : IScenario
{
    private readonly Account _checking = new(1, 100);
    private readonly Account _savings = new(2, 100);

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(
            Task.Run(() => Move(_checking, _savings, 10)),
            Task.Run(() => Move(_savings, _checking, 20)));
        Check.Equal(200, _checking.Balance + _savings.Balance, "total balance");
    }

    private static void Move(Account from, Account to, int amount)
    {
        var (first, second) = from.Id < to.Id ? (from, to) : (to, from);
        lock (first.Gate)
        {
            lock (second.Gate)
            {
                from.Balance -= amount;
                to.Balance += amount;
            }
        }
    }

    private sealed class Account(int id, int balance)
    {
        public int Id { get; } = id;

        public object Gate { get; } = new();

        public int Balance { get; set; } = balance;
    }
}
