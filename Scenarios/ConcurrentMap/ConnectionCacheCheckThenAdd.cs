using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.ConcurrentMap;

/// <summary>Bug (assertion-failure): a plain <see cref="Dictionary{TKey, TValue}"/> used from two tasks with no lock, as
/// check-then-add: both callers can miss the name, both open a connection, and the second store overwrites the first, so
/// the callers end up with different connections (and a plain dictionary written concurrently can also be corrupted).</summary>
/// <seealso cref="ConnectionCache"/>
[Scenario("concurrent-map/connection-cache-check-then-add", "A plain Dictionary filled by check-then-add from two tasks; both miss, both open, one store overwrites the other.",
    Expected = BugKind.AssertionFailure)]
public sealed class ConnectionCacheCheckThenAdd : IScenario
{
    private readonly Dictionary<string, Task<Connection>> _connections = [];
    private int _opened;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var connections = await Task.WhenAll(Task.Run(() => GetAsync("db")), Task.Run(() => GetAsync("db")));
        Check.That(connections[0] == connections[1], "both callers got the same connection");
        Check.Equal(1, Volatile.Read(ref _opened), "connections opened");
    }

    private Task<Connection> GetAsync(string name)
    {
        if (!_connections.TryGetValue(name, out var connection)) // BUG: a check and an add that nothing makes atomic...
        {
            connection = OpenAsync(name);
            _connections[name] = connection; // BUG: ...so a caller that missed too overwrites this entry.
        }

        return connection;
    }

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
