namespace Weft.Concurrency;

/// <summary>An <see cref="ICounter"/> split into stripes on separate cache lines; see <see cref="Counters.CreateStriped"/>.</summary>
/// <remarks><b>Thread safety:</b> safe for concurrent use.</remarks>
internal sealed class StripedCounter : ICounter
{
    /// <summary>Longs between two stripes: 128 bytes, two cache lines, so that adjacent-line prefetching does not couple
    /// neighbouring stripes either.</summary>
    private const int Stride = 16;

    /// <summary>The stripes at indexes 0, <see cref="Stride"/>, 2 × <see cref="Stride"/>, ...; the longs between them are
    /// padding, never used. Each stripe is accessed only through <see cref="Interlocked"/>.</summary>
    private readonly long[] _cells;

    private readonly int _stripeCount;

    public StripedCounter(int stripeCount)
    {
        _stripeCount = stripeCount;
        _cells = new long[stripeCount * Stride];
    }

    public long Value
    {
        get
        {
            long sum = 0;
            for (int stripe = 0; stripe < _stripeCount; stripe++)
            {
                sum = unchecked(sum + Interlocked.Read(ref _cells[stripe * Stride]));
            }

            return sum;
        }
    }

    public void Increment() => Add(1);

    /// <summary>Adds to the calling thread's stripe. The choice only spreads contention; any stripe would be correct,
    /// because a read sums them all.</summary>
    public void Add(long delta) =>
        Interlocked.Add(ref _cells[Environment.CurrentManagedThreadId % _stripeCount * Stride], delta);
}
