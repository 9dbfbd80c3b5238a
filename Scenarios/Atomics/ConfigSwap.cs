using Weft.Catalog;
using Weft.Concurrency;

namespace Weft.Scenarios.Atomics;

/// <summary>Two admins change different settings of a shared configuration at once while a request reads it. The
/// configuration is an immutable record in a <see cref="SnapshotHolder{T}"/>: each admin derives a new version from the
/// current one and publishes it with a compare-and-swap that retries when the other admin published first, so neither
/// change is lost, and the request reads one whole version without a lock.</summary>
/// <seealso cref="ConfigSwapWithoutCompareExchange"/>
/// <seealso cref="ConfigSwapMutatedInPlace"/>
[Scenario("atomics/config-swap", "Admins publish new versions of an immutable config with a CAS loop (SnapshotHolder); no change is lost.")]
public sealed class ConfigSwap : IScenario
{
    private readonly SnapshotHolder<Config> _config = new(new Config(MaxConnections: 10, TimeoutSeconds: 30));

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(
            Task.Run(() => _config.Update(config => config with { MaxConnections = 20 })),
            Task.Run(() => _config.Update(config => config with { TimeoutSeconds = 60 })),
            Task.Run(HandleRequest));
        Check.Equal(new Config(20, 60), _config.Current.Value, "the configuration after both changes");
    }

    private void HandleRequest()
    {
        var config = _config.Current.Value; // One snapshot for the whole request.
        Check.That(config.MaxConnections is 10 or 20 && config.TimeoutSeconds is 30 or 60, "The request must see published settings.");
    }

    private sealed record Config(int MaxConnections, int TimeoutSeconds);
}
