using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.ReadWriteLock;

/// <summary>Bug (assertion-failure): a withdrawal checks the funds under the read lock, releases it, then takes the write
/// lock and debits without checking again. Two withdrawals can both pass the check before either debits: both go
/// through, and the account is overdrawn.</summary>
/// <seealso cref="Account"/>
[Scenario("read-write-lock/account-check-then-withdraw", "Withdrawals check under the read lock, then debit under the write lock without re-checking; the account is overdrawn.",
    Expected = BugKind.AssertionFailure)]
public sealed class AccountCheckThenWithdraw : IScenario
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
        _lock.EnterReadLock(); // BUG: a shared lock for the check...
        try
        {
            if (_balance < amount)
            {
                return false;
            }
        }
        finally
        {
            _lock.ExitReadLock(); // BUG: ...released before the debit, so another withdrawal can pass the same check now...
        }

        _lock.EnterWriteLock();
        try
        {
            _balance -= amount; // BUG: ...and the debit does not check again.
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return true;
    }
}
