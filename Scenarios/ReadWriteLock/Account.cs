using Weft.Catalog;

namespace Weft.Scenarios.ReadWriteLock;

/// <summary>An account whose balance a <see cref="ReaderWriterLockSlim"/> guards: balance queries share the read lock, and a
/// withdrawal checks the funds and debits them under the upgradeable read lock, which only one thread holds at a time, so
/// no other withdrawal can act between its check and its debit.</summary>
/// <seealso cref="AccountCheckThenWithdraw"/>
[Scenario("read-write-lock/account", "Withdrawals check and debit under ReaderWriterLockSlim's upgradeable read lock; the balance never goes negative.")]
public sealed class Account : IScenario
{
    private readonly ReaderWriterLockSlim _lock = new();
    private int _balance = 100; // guarded by _lock

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var withdrawals = Task.WhenAll(Task.Run(() => TryWithdraw(80)), Task.Run(() => TryWithdraw(80)));
        var statement = Task.Run(Balance);
        bool[] done = await withdrawals;
        Check.That(await statement >= 0, "a statement showed an overdrawn account");
        Check.Equal(1, done.Count(d => d), "withdrawals of 80 from 100 that went through");
        Check.Equal(20, Balance(), "balance");
    }

    private int Balance()
    {
        _lock.EnterReadLock();
        try
        {
            return _balance;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private bool TryWithdraw(int amount)
    {
        _lock.EnterUpgradeableReadLock();
        try
        {
            if (_balance < amount)
            {
                return false;
            }

            _lock.EnterWriteLock();
            try
            {
                _balance -= amount;
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            return true;
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }
}
