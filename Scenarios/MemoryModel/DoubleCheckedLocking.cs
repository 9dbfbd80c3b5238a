using Weft.Catalog;

namespace Weft.Scenarios.MemoryModel;

/// <summary>Double-checked locking done right: callers read the settings with <see cref="Volatile.Read{T}(ref readonly T)"/> and
/// only take the lock when they are missing; the one caller that creates them fills them in first and publishes them with
/// <see cref="Volatile.Write{T}(ref T, T)"/>, so whoever sees the reference also sees the filled-in fields.
/// <see cref="Lazy{T}"/> does the same in one line.</summary>
/// <seealso cref="DoubleCheckedLockingPlainCheck"/>
[Scenario("memory-model/double-checked-locking", "Double-checked locking with a Volatile.Read check and a Volatile.Write publication; created once, seen whole.")]
public sealed class DoubleCheckedLocking : IScenario
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
        if (Volatile.Read(ref _settings) is { } existing)
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
