namespace Weft.Concurrency;

/// <summary>What one <see cref="SingleFlight{TKey, TValue}.DoAsync"/> call received.</summary>
/// <param name="Value">The value the shared execution produced.</param>
/// <param name="Shared"><see langword="true"/> when this call joined an execution that another call had started, so the
/// value was shared with that call; <see langword="false"/> when this call started the execution. Unlike Go's
/// <c>shared</c>, which is also <see langword="true"/> for the starting caller once anyone joined, this describes only
/// the call that receives it, so it does not depend on what other callers did later.</param>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use. <b>Happens-before:</b> creates no edge.</remarks>
/// <typeparam name="TValue">The type of the value.</typeparam>
public readonly record struct SingleFlightResult<TValue>(TValue Value, bool Shared);
