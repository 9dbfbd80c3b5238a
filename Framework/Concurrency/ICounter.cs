namespace Weft.Concurrency;

/// <summary>A 64-bit counter that many tasks add to at once; created by <see cref="Counters"/>.</summary>
/// <remarks>
/// <para>The implementations differ only in cost and in what <see cref="Value"/> promises while adds are in progress:
/// <see cref="Counters.CreateInterlocked"/> (one atomic word: the default), <see cref="Counters.CreateLocked"/> (a lock
/// around a plain field: the baseline to compare with) and <see cref="Counters.CreateStriped"/> (one atomic word per
/// stripe, summed on read: for counters hammered from many cores and read rarely). The interface exists so that
/// scenarios, tests and benchmarks can run one workload against each; for a single counter in production code,
/// <see cref="Interlocked.Increment(ref long)"/> on a field is all there is to it.</para>
/// <para>Sums wrap around on overflow, like <see cref="Interlocked.Add(ref long, long)"/>.</para>
/// <para><b>Thread safety:</b> every implementation is safe for concurrent use, and no add is ever lost.</para>
/// <para><b>Happens-before:</b> each <see cref="Add"/> or <see cref="Increment"/> happens-before every later read of
/// <see cref="Value"/> that includes it; see each factory method for what a read concurrent with adds returns.</para>
/// </remarks>
/// <seealso cref="Counters"/>
public interface ICounter
{
    /// <summary>The current count.</summary>
    /// <remarks>Exact when no add runs at the same time; what it returns during concurrent adds depends on the
    /// implementation (see <see cref="Counters"/>).</remarks>
    long Value { get; }

    /// <summary>Adds 1.</summary>
    void Increment();

    /// <summary>Adds <paramref name="delta"/>, which may be negative.</summary>
    /// <param name="delta">The amount to add.</param>
    void Add(long delta);
}
