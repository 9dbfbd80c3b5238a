using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Atomics;

/// <summary>Bug (data-race): the configuration is one mutable object that the admins change in place; the request reads
/// the settings while an admin writes them, with nothing ordering the accesses, so it can see a half-changed
/// configuration. Race detection reports the unordered write and read on the first iteration, whatever the request
/// happened to read.</summary>
/// <seealso cref="ConfigSwap"/>
/// <seealso cref="ConfigSwapWithoutCompareExchange"/>
[Scenario("atomics/config-swap-mutated-in-place", "Admins change a shared mutable config in place while a request reads it; a data race.",
    Expected = BugKind.DataRace)]
public sealed class ConfigSwapMutatedInPlace : IScenario
{
    private readonly Config _config = new() { MaxConnections = 10, TimeoutSeconds = 30 };

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        await Task.WhenAll(
            Task.Run(() => _config.MaxConnections = 20), // BUG: each admin changes the shared object in place...
            Task.Run(() => _config.TimeoutSeconds = 60), // BUG: ...while the request may be reading it.
            Task.Run(HandleRequest));
        Check.Equal((20, 60), (_config.MaxConnections, _config.TimeoutSeconds), "the configuration after both changes");
    }

    private void HandleRequest()
    {
        var config = _config; // BUG: "one snapshot for the whole request" is the very object the admins are changing.
        Check.That(config.MaxConnections is 10 or 20 && config.TimeoutSeconds is 30 or 60, "The request must see published settings.");
    }

    private sealed class Config // BUG: mutable, and shared by every reader and writer.
    {
        public int MaxConnections { get; set; }

        public int TimeoutSeconds { get; set; }
    }
}
