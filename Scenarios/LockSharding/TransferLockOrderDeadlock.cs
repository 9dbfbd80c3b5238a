using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.LockSharding;

/// <summary>Bug (deadlock): each transfer locks its source account, then its destination; when the two opposite transfers
/// each hold their first lock, each waits forever for the other's.</summary>
/// <seealso cref="Transfer"/>
[Scenario("lock-sharding/transfer-lock-order-deadlock", "Transfers lock source then destination; opposite transfers deadlock.",
    Expected = BugKind.Deadlock)]
public sealed class TransferLockOrderDeadlock : IScenario
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
        var (first, second) = (from, to); // BUG: the lock order depends on the direction of the transfer.
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
