using System.Collections.Concurrent;
using Weft.Catalog;
using Weft.Concurrency;

namespace Weft.Scenarios.ConcurrentMap;

/// <summary>A connection cache that opens each connection once: the map holds an <see cref="AsyncLazy{T}"/> per name, so
/// when two callers race in <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, Func{TKey, TValue})"/> and its
/// factory runs twice, only a cheap, unstarted lazy value is thrown away; every caller awaits the one stored, whose factory
/// runs once.</summary>
/// <remarks><c>GetOrAdd(name, key =&gt; new Lazy&lt;Connection&gt;(() =&gt; Open(key))).Value</c> is the synchronous form of
/// the same fix. It is not the one explored here: Coyote 1.7.11 does not control <see cref="Lazy{T}"/>'s lock, so a
/// factory that reaches a scheduling point (the <see cref="Interlocked"/> count below) while the other caller waits for
/// the value blocks that caller's thread outside the scheduler, which reports a potential hang after its deadlock
/// timeout.</remarks>
/// <seealso cref="ConnectionCacheFactoryRunsTwice"/>
/// <seealso cref="ConnectionCacheCheckThenAdd"/>
[Scenario("concurrent-map/connection-cache", "A ConcurrentDictionary of AsyncLazy connections; two racing callers open the connection once.")]
public sealed class ConnectionCache : IScenario
{
    private readonly ConcurrentDictionary<string, AsyncLazy<Connection>> _connections = new();
    private int _opened;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var connections = await Task.WhenAll(Task.Run(() => GetAsync("db")), Task.Run(() => GetAsync("db")));
        Check.That(connections[0] == connections[1], "both callers got the same connection");
        Check.Equal(1, Volatile.Read(ref _opened), "connections opened");
    }

    private Task<Connection> GetAsync(string name) =>
        _connections.GetOrAdd(name, key => new AsyncLazy<Connection>(_ => OpenAsync(key))).GetValueAsync();

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
