namespace Weft.Concurrency;

/// <summary>Creates the <see cref="ICounter"/> implementations.</summary>
/// <remarks><b>Thread safety:</b> every method is safe to call concurrently; each returns a new counter starting at 0.
/// <b>Happens-before:</b> creates no edge; each counter's edges are described at its factory method.</remarks>
/// <seealso cref="ICounter"/>
public static class Counters
{
    /// <summary>Creates a counter kept in one word, changed with <see cref="Interlocked.Add(ref long, long)"/>.</summary>
    /// <returns>A new counter at 0.</returns>
    /// <remarks>The right default. <see cref="ICounter.Value"/> is linearizable: every read returns the sum of exactly
    /// the adds that took effect before it. Each add and read is an atomic access to the word, so each add
    /// happens-before every read that sees it. Under contention from many cores the word's cache line bounces between
    /// them.</remarks>
    public static ICounter CreateInterlocked() => new InterlockedCounter();

    /// <summary>Creates a counter kept in a plain field under a lock (a <see cref="Monitor"/>).</summary>
    /// <returns>A new counter at 0.</returns>
    /// <remarks>Linearizable like <see cref="CreateInterlocked"/>, and slower: the baseline to compare the others with.
    /// Each lock release happens-before the next acquisition, so each add happens-before every later read.</remarks>
    public static ICounter CreateLocked() => new LockedCounter();

    /// <summary>Creates a counter split into stripes, one word each on its own cache line; a thread adds to the stripe
    /// its managed thread id picks, and a read sums every stripe.</summary>
    /// <param name="stripeCount">The number of stripes, at least 1; about the number of cores that add at once
    /// (<see cref="Environment.ProcessorCount"/> is a good start).</param>
    /// <returns>A new counter at 0.</returns>
    /// <remarks>Adds from different cores rarely touch the same cache line, so adds scale; reads cost one atomic read
    /// per stripe. <see cref="ICounter.Value"/> reads the stripes one at a time, so during concurrent adds it is not a
    /// snapshot of any single moment: it includes every add that finished before the read began and some of those in
    /// progress. With only non-negative deltas it lies between the counts at the start and at the end of the read; in
    /// quiescence it is exact. Like <c>LongAdder</c> in Java. Each add is an atomic access to its stripe and
    /// happens-before every read that sees it.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stripeCount"/> is less than 1.</exception>
    public static ICounter CreateStriped(int stripeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripeCount, 1);
        return new StripedCounter(stripeCount);
    }
}
