namespace Weft.Checking;

/// <summary>The synchronisation an atomic access (<c>Interlocked</c>, <c>Volatile</c>, a <c>volatile</c> field) performs on
/// its location.</summary>
/// <remarks>The values are what the build step passes to the hooks; do not renumber them.</remarks>
public enum AtomicKind
{
    /// <summary>A load with acquire semantics: <c>Volatile.Read</c>, <c>Interlocked.Read</c>, a read of a <c>volatile</c> field.</summary>
    Acquire = 1,

    /// <summary>A store with release semantics: <c>Volatile.Write</c>, a write of a <c>volatile</c> field.</summary>
    Release = 2,

    /// <summary>A read-modify-write: every other <c>Interlocked</c> operation.</summary>
    AcquireRelease = 3,
}
