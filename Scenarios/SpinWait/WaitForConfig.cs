using Weft.Catalog;

namespace Weft.Scenarios.SpinWait;

/// <summary>A worker spin-waits for a loader to publish the configuration, which one lock guards: it checks under the lock,
/// releases it, and spins with <see cref="System.Threading.SpinWait"/> (which yields) before checking again, so the loader
/// can take the lock in between and publish.</summary>
/// <seealso cref="WaitForConfigHoldingLock"/>
[Scenario("spin-wait/wait-for-config", "A worker spins with SpinWait for a config guarded by a lock, releasing the lock between checks.")]
public sealed class WaitForConfig : IScenario
{
    private readonly object _gate = new();
    private string? _config; // guarded by _gate

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var worker = Task.Run(Work);
        var loader = Task.Run(Load);
        await Task.WhenAll(worker, loader);
        Check.Equal("loaded", await worker, "config the worker saw");
    }

    private void Load()
    {
        lock (_gate)
        {
            _config = "loaded";
        }
    }

    private string Work()
    {
        var spinner = default(System.Threading.SpinWait);
        while (true)
        {
            lock (_gate)
            {
                if (_config is { } config)
                {
                    return config;
                }
            }

            spinner.SpinOnce();
        }
    }
}
