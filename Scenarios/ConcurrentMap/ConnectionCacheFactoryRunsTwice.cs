using System.Collections.Concurrent;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.ConcurrentMap;

/// <summary>Bug (assertion-failure): the map caches the opening task itself, and
/// <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, Func{TKey, TValue})"/> runs its factory outside its locks:
/// when both callers miss the name before either has stored a task, both start opening a connection. Only one task is
/// stored and both callers get it, but a second connection has been opened and is leaked.</summary>
/// <seealso cref="ConnectionCache"/>
[Scenario("concurrent-map/connection-cache-factory-runs-twice", "ConcurrentDictionary.GetOrAdd with a factory that opens a connection; two racing callers open two.",
    Expected = BugKind.AssertionFailure)]
public sealed class ConnectionCacheFactoryRunsTwice : IScenario
{
    private readonly ConcurrentDictionary<string, Task<Connection>> _connections = new();
    private int _opened;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var connections = await Task.WhenAll(Task.Run(() => GetAsync("db")), Task.Run(() => GetAsync("db")));
        Check.That(connections[0] == connections[1], "both callers got the same connection");
        Check.Equal(1, Volatile.Read(ref _opened), "connections opened");
    }

    private Task<Connection> GetAsync(string name) =>
        _connections.GetOrAdd(name, key => OpenAsync(key)); // BUG: the factory, which opens the connection, can run once per racing caller.

    private async Task<Connection> OpenAsync(string name)
    {
        Interlocked.Increment(ref _opened);
        await Task.Yield(); // the handshake
        return new Connection(name);
    }

    private sealed class Connection(string name)
    {
        public string Name { get; } = name;
    }
}
