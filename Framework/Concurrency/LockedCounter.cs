using System.Diagnostics;

namespace Weft.Concurrency;

/// <summary>An <see cref="ICounter"/> in a plain field under a lock; see <see cref="Counters.CreateLocked"/>.</summary>
/// <remarks><b>Thread safety:</b> safe for concurrent use.</remarks>
internal sealed class LockedCounter : ICounter
{
    /// <summary>The lock of this instance. A <see cref="Monitor"/> rather than a <see cref="Lock"/>: the build step cannot yet
    /// redirect <see cref="Lock"/> inside Weft's own assembly, while Coyote controls <see cref="Monitor"/> there.</summary>
    private readonly object _gate = new();

    /// <summary>The count. Guarded by <see cref="_gate"/>.</summary>
    private long _count;

    public long Value
    {
        get
        {
            lock (_gate)
            {
                AssertInvariants();
                return _count;
            }
        }
    }

    public void Increment() => Add(1);

    public void Add(long delta)
    {
        lock (_gate)
        {
            AssertInvariants();
            _count = unchecked(_count + delta);
        }
    }

    /// <summary>The count has no invariant of its own; what can be checked is that it is only touched under the lock.</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants() =>
        Debug.Assert(Monitor.IsEntered(_gate), "The count is read and written only with the lock held.");
}
