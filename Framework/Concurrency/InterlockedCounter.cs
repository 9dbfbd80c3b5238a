namespace Weft.Concurrency;

/// <summary>An <see cref="ICounter"/> in one word changed with <see cref="Interlocked"/>; see <see cref="Counters.CreateInterlocked"/>.</summary>
/// <remarks><b>Thread safety:</b> safe for concurrent use.</remarks>
internal sealed class InterlockedCounter : ICounter
{
    /// <summary>The count; accessed only through <see cref="Interlocked"/>, never plainly.</summary>
    private long _count;

    public long Value => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);

    public void Add(long delta) => Interlocked.Add(ref _count, delta);
}
