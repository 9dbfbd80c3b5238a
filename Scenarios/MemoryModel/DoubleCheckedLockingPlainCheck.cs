using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.MemoryModel;

/// <summary>Bug (data-race): the first check reads the settings with a plain load, outside the lock, so a caller that
/// finds them acquires nothing: the creator's store of <c>Port</c> is not ordered before this caller's load of it, and on
/// a weak memory model it can see the reference before the field (a port of 0). The creator's publication is still a
/// <see cref="Volatile.Write{T}(ref T, T)"/>; a release is no use without an acquire on the reading side.</summary>
/// <seealso cref="DoubleCheckedLocking"/>
[Scenario("memory-model/double-checked-locking-plain-check", "Double-checked locking whose first check is a plain read; a caller can see the settings before their fields.",
    Expected = BugKind.DataRace)]
public sealed class DoubleCheckedLockingPlainCheck : IScenario
{
    private readonly object _gate = new();
    private Settings? _settings;
    private int _created;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        int[] ports = await Task.WhenAll(Task.Run(() => GetSettings().Port), Task.Run(() => GetSettings().Port));
        Check.Equal("8080,8080", string.Join(',', ports), "ports the callers saw");
        Check.Equal(1, _created, "settings created");
    }

    private Settings GetSettings()
    {
        if (_settings is { } existing) // BUG: a plain read outside the lock: it does not acquire what the creator released.
        {
            return existing;
        }

        lock (_gate)
        {
            if (_settings is null)
            {
                var created = new Settings();
                created.Port = 8080;
                _created++;
                Volatile.Write(ref _settings, created);
            }

            return _settings;
        }
    }

    private sealed class Settings
    {
        public int Port { get; set; }
    }
}
