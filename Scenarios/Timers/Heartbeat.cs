using Weft.Catalog;

namespace Weft.Scenarios.Timers;

/// <summary>A connection sends a heartbeat every second from a <see cref="Timer"/> while it is open; closing it disposes
/// the timer, so no heartbeat outlives the connection. Runs in virtual time.</summary>
/// <seealso cref="HeartbeatNeverDisposed"/>
[Scenario("timers/heartbeat", "A connection's 1 s heartbeat timer is disposed when the connection closes; nothing fires afterwards.")]
public sealed class Heartbeat : IScenario
{
    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var connection = new Connection();
        connection.Open();
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        connection.Close();
        Check.Equal(3, connection.Heartbeats, "heartbeats sent in 3.5 s");
    }

    private sealed class Connection
    {
        private Timer? _heartbeat;
        private int _heartbeats;

        public int Heartbeats => Volatile.Read(ref _heartbeats);

        public void Open() => _heartbeat = new Timer(_ => Interlocked.Increment(ref _heartbeats), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        public void Close() => _heartbeat?.Dispose();
    }
}
