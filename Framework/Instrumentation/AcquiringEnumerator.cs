using System.Collections;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>Wraps the enumerator of a concurrent collection so that each item it yields acquires the collection's point:
/// the enumeration sees the items added before it moved on, so it happens after the code that added them.</summary>
/// <remarks>
/// <para>A concurrent collection's enumerator reads the live collection (or a snapshot taken at its start), item by item;
/// acquiring on every <see cref="MoveNext"/> covers items added while the enumeration runs.</para>
/// <para><b>Thread safety:</b> like the enumerator it wraps: one logical task at a time.</para>
/// <para><b>Happens-before:</b> every release into the collection's point before a <see cref="MoveNext"/> that returns
/// <see langword="true"/> happens-before the code that follows it.</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class AcquiringEnumerator<T>(IEnumerator<T> inner, RaceDetector detector, SyncPoint point) : IEnumerator<T>
{
    public T Current => inner.Current;

    object? IEnumerator.Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        if (RaceHooks.Current is { } task && task.Owner == detector)
        {
            detector.Acquire(task, point);
        }

        return true;
    }

    public void Reset() => inner.Reset();

    public void Dispose() => inner.Dispose();
}
