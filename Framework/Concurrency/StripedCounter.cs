namespace Weft.Concurrency;

/// <summary>An <see cref="ICounter"/> split into stripes on separate cache lines; see <see cref="Counters.CreateStriped"/>.</summary>
/// <remarks><b>Thread safety:</b> safe for concurrent use.</remarks>
internal sealed class StripedCounter : ICounter
{
    /// <summary>Longs between two stripes: 128 bytes, two cache lines, so that adjacent-line prefetching does not couple
    /// neighbouring stripes either.</summary>
    private const int Stride = 16;

    /// <summary>The calling thread's managed thread id, read once per thread and 0 until then: reading
    /// <see cref="Environment.CurrentManagedThreadId"/> costs more than the atomic add itself. Any value would be
    /// correct, since a read sums every stripe; the id only spreads threads over the stripes. Per thread, so never
    /// shared (the race pass skips thread-static fields).</summary>
    [ThreadStatic]
    private static int s_probe;

    /// <summary>The stripes at indexes <see cref="Stride"/>, 2 × <see cref="Stride"/>, ..., <see cref="_stripeCount"/> ×
    /// <see cref="Stride"/>; the longs around them are padding, never used. Index 0 is left out because its cache line
    /// also holds the array's length, which every bounds check of every thread reads: a stripe there would make each
    /// add on it evict that line from every other core. Each stripe is accessed only through <see cref="Interlocked"/>.</summary>
    private readonly long[] _cells;

    private readonly int _stripeCount;

    /// <summary>The multiplier of <see cref="StripeOf"/> for <see cref="_stripeCount"/>.</summary>
    private readonly ulong _fastModMultiplier;

    public StripedCounter(int stripeCount)
    {
        _stripeCount = stripeCount;
        _fastModMultiplier = FastModMultiplier((uint)stripeCount);
        _cells = new long[(stripeCount + 1) * Stride];
    }

    public long Value
    {
        get
        {
            long sum = 0;
            for (int stripe = 1; stripe <= _stripeCount; stripe++)
            {
                sum = unchecked(sum + Interlocked.Read(ref _cells[stripe * Stride]));
            }

            return sum;
        }
    }

    public void Increment() => Add(1);

    /// <summary>Adds to the calling thread's stripe. The choice only spreads contention; any stripe would be correct,
    /// because a read sums them all.</summary>
    public void Add(long delta)
    {
        int probe = s_probe;
        if (probe == 0)
        {
            // The first add on this thread. Managed thread ids start at 1, so 0 never stands for a real one.
            probe = s_probe = Environment.CurrentManagedThreadId;
        }

        int stripe = (int)StripeOf((uint)probe, (uint)_stripeCount, _fastModMultiplier);
        Interlocked.Add(ref _cells[(stripe + 1) * Stride], delta);
    }

    /// <summary>The multiplier that makes <see cref="StripeOf"/> compute a remainder by <paramref name="divisor"/>.</summary>
    /// <param name="divisor">At least 1.</param>
    internal static ulong FastModMultiplier(uint divisor) => unchecked((ulong.MaxValue / divisor) + 1);

    /// <summary><paramref name="value"/> % <paramref name="divisor"/>, with two multiplications instead of a division
    /// (D. Lemire, O. Kaser, N. Kurz, "Faster Remainder by Direct Computation", 2019, <see href="https://arxiv.org/abs/1902.01961"/>;
    /// also what <see cref="Dictionary{TKey, TValue}"/> uses): the division would cost as much as the add.</summary>
    /// <param name="value">Any 32-bit value.</param>
    /// <param name="divisor">At least 1.</param>
    /// <param name="multiplier"><see cref="FastModMultiplier"/> of <paramref name="divisor"/>.</param>
    internal static uint StripeOf(uint value, uint divisor, ulong multiplier) =>
        unchecked((uint)((((multiplier * value) >> 32) + 1) * divisor >> 32));
}
