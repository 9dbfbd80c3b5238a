using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Timers;

/// <summary>Bug (leaked-task): closing the connection does not dispose its heartbeat timer, so the timer keeps firing
/// every second for a connection that is gone, for as long as the process lives. After the test returns, Weft lets every
/// task finish; a periodic timer still armed then never would, and is reported as leaked, naming its callback.</summary>
/// <seealso cref="Heartbeat"/>
[Scenario("timers/heartbeat-never-disposed", "A connection's 1 s heartbeat timer is not disposed when it closes; it keeps firing after the test is done.",
    Expected = BugKind.LeakedTask)]
public sealed class HeartbeatNeverDisposed : IScenario
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

        public void Close()
        {
            // BUG: the heartbeat timer is never disposed, so it outlives the connection.
        }
    }
}
