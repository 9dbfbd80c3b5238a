using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Atomics;

/// <summary>Bug (assertion-failure): the configuration is still an immutable record, but a hand-written holder publishes
/// each new version with a plain <see cref="Volatile.Write{T}(ref T, T)"/> instead of a compare-and-swap; when both admins
/// read the same version before either publishes, the second publication overwrites the first admin's change.</summary>
/// <seealso cref="ConfigSwap"/>
/// <seealso cref="ConfigSwapMutatedInPlace"/>
[Scenario("atomics/config-swap-without-compare-exchange", "Admins publish config versions without a CAS; one admin's change is lost.",
    Expected = BugKind.AssertionFailure)]
public sealed class ConfigSwapWithoutCompareExchange : IScenario
{
    private readonly HandWrittenSnapshotHolder<Config> _config = new(new Config(MaxConnections: 10, TimeoutSeconds: 30));

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(
            Task.Run(() => _config.Update(config => config with { MaxConnections = 20 })),
            Task.Run(() => _config.Update(config => config with { TimeoutSeconds = 60 })),
            Task.Run(HandleRequest));
        Check.Equal(new Config(20, 60), _config.Current, "the configuration after both changes");
    }

    private void HandleRequest()
    {
        var config = _config.Current; // One snapshot for the whole request.
        Check.That(config.MaxConnections is 10 or 20 && config.TimeoutSeconds is 30 or 60, "The request must see published settings.");
    }

    private sealed record Config(int MaxConnections, int TimeoutSeconds);

    /// <summary>Holds the current version of an immutable value.</summary>
    private sealed class HandWrittenSnapshotHolder<T>(T initial)
        where T : class
    {
        private T _current = initial;

        public T Current => Volatile.Read(ref _current);

        public void Update(Func<T, T> change)
        {
            var current = Volatile.Read(ref _current);
            Volatile.Write(ref _current, change(current)); // BUG: publishes without checking that nobody published since the read.
        }
    }
}
