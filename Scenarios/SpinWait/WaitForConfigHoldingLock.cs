using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.SpinWait;

/// <summary>Bug (hang): the worker takes the lock before it waits and spins holding it, without ever yielding it; when
/// the worker gets the lock first, the loader waits for the lock forever and the worker spins forever. Weft sees a loop
/// that reaches no scheduling point while no other task can run, and reports the hang with the loop's line.</summary>
/// <seealso cref="WaitForConfig"/>
[Scenario("spin-wait/wait-for-config-holding-lock", "A worker spins for a config while holding the lock the loader needs to publish it; it spins forever.",
    Expected = BugKind.Hang)]
public sealed class WaitForConfigHoldingLock : IScenario
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
        lock (_gate) // BUG: the lock is taken before the wait...
        {
            while (_config is null)
            {
                // BUG: ...and the loop never yields it, so the loader can never publish.
            }

            return _config;
        }
    }
}
