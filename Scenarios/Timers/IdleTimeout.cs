using Weft.Catalog;

namespace Weft.Scenarios.Timers;

/// <summary>A session closes itself after 1 s without activity: each activity moves the deadline and re-arms a one-shot
/// <see cref="Timer"/> with <see cref="Timer.Change(TimeSpan, TimeSpan)"/>. A firing that was already on its way when the
/// activity re-armed the timer still runs, so the callback re-checks the deadline under the lock and leaves a session that
/// was used meanwhile open. Runs in virtual time.</summary>
/// <seealso cref="IdleTimeoutResetRace"/>
[Scenario("timers/idle-timeout", "An idle timeout reset with Timer.Change; the callback re-checks the deadline, so a reset racing with a firing wins.")]
public sealed class IdleTimeout : IScenario
{
    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using var session = new Session(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1)); // activity arrives just as the idle timeout fires
        bool accepted = session.Touch();
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Check.That(!accepted || !session.IsClosed, "the session closed 0.5 s after it accepted activity, with a 1 s idle timeout");
    }

    private sealed class Session : IDisposable
    {
        private readonly object _gate = new();
        private readonly TimeSpan _idleTimeout;
        private readonly Timer _timer;
        private DateTimeOffset _deadline; // guarded by _gate
        private bool _closed; // guarded by _gate

        public Session(TimeSpan idleTimeout)
        {
            _idleTimeout = idleTimeout;
            _deadline = TimeProvider.System.GetUtcNow() + idleTimeout;
            _timer = new Timer(_ => OnIdle(), null, idleTimeout, Timeout.InfiniteTimeSpan);
        }

        public bool IsClosed
        {
            get
            {
                lock (_gate)
                {
                    return _closed;
                }
            }
        }

        /// <summary>Records activity: moves the deadline and re-arms the timer, unless the session is closed.</summary>
        public bool Touch()
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return false;
                }

                _deadline = TimeProvider.System.GetUtcNow() + _idleTimeout;
                _timer.Change(_idleTimeout, Timeout.InfiniteTimeSpan);
                return true;
            }
        }

        public void Dispose() => _timer.Dispose();

        private void OnIdle()
        {
            lock (_gate)
            {
                if (TimeProvider.System.GetUtcNow() < _deadline)
                {
                    // A firing from before the last Touch: the session was used since.
                    return;
                }

                _closed = true;
            }
        }
    }
}
