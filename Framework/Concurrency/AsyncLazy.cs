namespace Weft.Concurrency;

/// <summary>A value created on first use by an asynchronous factory that runs once, even when the first calls arrive
/// together; a failed or cancelled attempt is not remembered, and the next caller tries again.</summary>
/// <remarks>
/// <para>For a value created synchronously, use <see cref="Lazy{T}"/>; this type does not replace it. Note the difference
/// on failure: <see cref="Lazy{T}"/> in its default mode (<see cref="LazyThreadSafetyMode.ExecutionAndPublication"/>)
/// remembers the factory's exception and throws it forever, while <see cref="LazyThreadSafetyMode.PublicationOnly"/>
/// retries but may run the factory several times at once. This type runs the factory at most once at a time and
/// retries after a failure.</para>
/// <para><b>Once:</b> concurrent first calls share one attempt (through a <see cref="SingleFlight{TKey, TValue}"/>).
/// When the attempt succeeds its value is kept, and every later call returns it at once, even with a cancelled token.
/// <b>Retry:</b> when the attempt throws or is cancelled, the callers waiting for it get that exception or
/// cancellation, nothing is kept, and the next call starts a new attempt. <b>Cancellation:</b> a caller's token
/// abandons only its own wait; the factory's token is cancelled only when every caller waiting for the attempt has
/// cancelled. The factory can run again only after an attempt failed, was cancelled or was abandoned by every caller;
/// if an abandoned attempt still succeeds afterwards, the first value published is the one kept.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> the successful end of the factory happens-before every call that returns its value.
/// Outside an exploration it behaves the same; under an exploration the first calls, cancellations and failures can be
/// explored in every order.</para>
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
/// <seealso cref="Lazy{T}"/>
/// <seealso cref="SingleFlight{TKey, TValue}"/>
public sealed class AsyncLazy<T>
{
    /// <summary>The only key of <see cref="_flight"/>.</summary>
    private const int ValueKey = 0;

    private readonly Func<CancellationToken, Task<T>> _factory;

    /// <summary>One attempt at a time; joins concurrent first calls.</summary>
    private readonly SingleFlight<int, T> _flight = new();

    /// <summary>The attempt delegate, allocated once.</summary>
    private readonly Func<CancellationToken, Task<T>> _attempt;

    /// <summary>A completed task holding the value once an attempt succeeded; set once, from <see langword="null"/>,
    /// with <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/> and read with <see cref="Volatile.Read{T}(ref readonly T)"/>.</summary>
    private Task<T>? _value;

    /// <summary>Creates a lazy value; the factory does not run until the first call of <see cref="GetValueAsync"/>.</summary>
    /// <param name="factory">Creates the value; it receives a token cancelled when every caller waiting for the attempt
    /// has cancelled.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public AsyncLazy(Func<CancellationToken, Task<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _attempt = AttemptAsync;
    }

    /// <summary>Whether an attempt has succeeded, so that <see cref="GetValueAsync"/> returns at once.</summary>
    public bool IsValueCreated => Volatile.Read(ref _value) is not null;

    /// <summary>Returns the value, creating it first if no attempt has succeeded yet.</summary>
    /// <param name="cancellationToken">Cancels this caller's wait only; ignored once the value exists.</param>
    /// <returns>The value.</returns>
    /// <exception cref="OperationCanceledException">(In the task.) <paramref name="cancellationToken"/> was cancelled
    /// before the attempt ended, or the factory was cancelled.</exception>
    /// <exception cref="InvalidOperationException">(In the task.) The factory returned a null task.</exception>
    /// <remarks>If the factory throws, the task fails with that exception for every caller waiting for the attempt.</remarks>
    public Task<T> GetValueAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _value) ?? CreateAsync(cancellationToken);

    private async Task<T> CreateAsync(CancellationToken cancellationToken) =>
        (await _flight.DoAsync(ValueKey, _attempt, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<T> AttemptAsync(CancellationToken cancellationToken)
    {
        // A caller can miss the value (read null above), and then start a new flight after the flight that published it
        // ended. The publication below happens before that flight ends, so this flight sees the value and reuses it.
        if (Volatile.Read(ref _value) is { } created)
        {
            return await created.ConfigureAwait(false);
        }

        var value = await (_factory(cancellationToken) ?? throw new InvalidOperationException("The factory returned a null task.")).ConfigureAwait(false);

        // Published before this flight hands out its result and leaves the single-flight map.
        var published = Interlocked.CompareExchange(ref _value, Task.FromResult(value), null);

        // null: this attempt published first, and its value is kept. Not null: an attempt that every caller had abandoned
        // succeeded anyway and published first; keep that value so that every caller sees the same one.
        return published is null ? value : await published.ConfigureAwait(false);
    }
}
