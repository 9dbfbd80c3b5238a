using System.ComponentModel;
using CoyoteTaskCompletionSource = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.TaskCompletionSource;

namespace Weft.Time;

/// <summary>The stand-in for <c>Task.Delay</c>: the build step redirects every <c>Task.Delay</c> overload in rewritten code
/// here.</summary>
/// <remarks>
/// <para>Under exploration a delay waits on the iteration's virtual clock: it completes when virtual time reaches its due
/// time, which happens as soon as every other controlled operation is blocked or waiting on time, so an hour-long delay
/// takes no wall time and delays complete in the order of their due times. A delay given another
/// <see cref="TimeProvider"/> than <see cref="TimeProvider.System"/> or a <see cref="VirtualTimeProvider"/> (say, a fake
/// that the test advances itself) uses that provider, as <c>Task.Delay</c> does. Outside an exploration every call goes
/// to the real <c>Task.Delay</c>.</para>
/// <para>Cancellation completes the delay as canceled at once, as <c>Task.Delay</c> does.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <c>Task.Delay</c>.</para>
/// <para><b>Happens-before:</b> the call happens-before the continuations of the returned task; a cancellation that
/// completes the delay happens-before them too.</para>
/// </remarks>
/// <seealso cref="VirtualTimeProvider"/>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DelayModel
{
    /// <summary>Stands in for <see cref="Task.Delay(int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsDelay"/> is below -1.</exception>
    public static Task Delay(int millisecondsDelay) => Delay(millisecondsDelay, CancellationToken.None);

    /// <summary>Stands in for <see cref="Task.Delay(int, CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="millisecondsDelay"/> is below -1.</exception>
    public static Task Delay(int millisecondsDelay, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsDelay, -1);
        return VirtualClock.Current is { } clock
            ? Start(clock, TimeSpan.FromMilliseconds(millisecondsDelay), cancellationToken)
            : Task.Delay(millisecondsDelay, cancellationToken);
    }

    /// <summary>Stands in for <see cref="Task.Delay(TimeSpan)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static Task Delay(TimeSpan delay) => Delay(delay, CancellationToken.None);

    /// <summary>Stands in for <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        TimeArguments.Validate(delay, nameof(delay));
        return VirtualClock.Current is { } clock ? Start(clock, delay, cancellationToken) : Task.Delay(delay, cancellationToken);
    }

    /// <summary>Stands in for <see cref="Task.Delay(TimeSpan, TimeProvider)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static Task Delay(TimeSpan delay, TimeProvider timeProvider) => Delay(delay, timeProvider, CancellationToken.None);

    /// <summary>Stands in for <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is below -1 ms or above 4294967294 ms.</exception>
    public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeArguments.Validate(delay, nameof(delay));
        return ClockFor(timeProvider) is { } clock ? Start(clock, delay, cancellationToken) : Task.Delay(delay, timeProvider, cancellationToken);
    }

    /// <summary>The virtual clock that <paramref name="timeProvider"/> stands for here, or <see langword="null"/> for a
    /// provider that keeps its own time.</summary>
    internal static VirtualClock? ClockFor(TimeProvider timeProvider) => timeProvider switch
    {
        VirtualTimeProvider virtualProvider => virtualProvider.Clock,
        _ when ReferenceEquals(timeProvider, TimeProvider.System) => VirtualClock.Current,
        _ => null,
    };

    private static Task Start(VirtualClock clock, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (delay == TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var promise = new DelayPromise(clock, delay, cancellationToken);
        return CoyoteTaskCompletionSource.get_Task(promise.Completion);
    }

    /// <summary>One pending virtual delay: completed by its timer, or canceled by its token.</summary>
    private sealed class DelayPromise
    {
        private readonly VirtualTimer _timer;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _registration;

        public DelayPromise(VirtualClock clock, TimeSpan delay, CancellationToken cancellationToken)
        {
            _cancellationToken = cancellationToken;
            _timer = new VirtualTimer(clock, static self => ((DelayPromise)self!).Complete(), this);
            if (delay != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(delay, Timeout.InfiniteTimeSpan);
            }

            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static self => ((DelayPromise)self!).Cancel(), this);
            }
        }

        /// <remarks>Continuations may run synchronously, as with a real delay: completion runs on the timer's own controlled
        /// operation, and an asynchronous completion would send <c>WhenAll</c>/<c>WhenAny</c> continuations to the real
        /// thread pool, outside the scheduler.</remarks>
        public TaskCompletionSource Completion { get; } = new();

        private void Complete()
        {
            // Unregister, not Dispose: Dispose would wait for a cancellation callback that is running, and under the
            // scheduler that callback may be paused at a scheduling point.
            _registration.Unregister();
            Completion.TrySetResult();
        }

        private void Cancel()
        {
            _timer.Dispose();
            Completion.TrySetCanceled(_cancellationToken);
        }
    }
}
