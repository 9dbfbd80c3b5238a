namespace Weft.Checking;

/// <summary>How a memory access uses its location.</summary>
internal enum AccessKind
{
    /// <summary>The access reads the location.</summary>
    Read,

    /// <summary>The access writes the location.</summary>
    Write,

    /// <summary>An atomic load: <c>Volatile.Read</c>, <c>Interlocked.Read</c>, a read of a <c>volatile</c> field. It races only
    /// with plain writes.</summary>
    AtomicRead,

    /// <summary>An atomic store or read-modify-write: <c>Volatile.Write</c>, every other <c>Interlocked</c> operation, a write
    /// of a <c>volatile</c> field. It races only with plain reads and writes.</summary>
    AtomicWrite,
}
