using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.Timers;

/// <summary>Bug (assertion-failure): the idle callback closes the session without re-checking the deadline.
/// <see cref="Timer.Change(TimeSpan, TimeSpan)"/> re-arms the timer but cannot recall a firing already on its way: when
/// the activity arrives just as the timeout fires and wins the lock, the stale callback runs next and closes a session
/// that has just accepted the activity.</summary>
/// <seealso cref="IdleTimeout"/>
[Scenario("timers/idle-timeout-reset-race", "An idle timeout reset with Timer.Change; a firing already on its way closes the session just used.",
    Expected = BugKind.AssertionFailure)]
public sealed class IdleTimeoutResetRace : IScenario
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
                _closed = true; // BUG: trusts the firing: a Touch that came after it was scheduled is ignored.
            }
        }
    }
}
