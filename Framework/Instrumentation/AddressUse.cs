namespace Weft.Instrumentation;

/// <summary>What the code does with the address of a field or array element (<c>ldflda</c>, <c>ldsflda</c>, <c>ldelema</c>):
/// how the race pass records the access.</summary>
internal enum AddressUse
{
    /// <summary>Reads through the address (also the choice when the use is unknown: no false race for code that only reads).</summary>
    Read,

    /// <summary>Writes through the address: <c>initobj</c>, <c>stobj</c>, a field of a struct, an <c>out</c> or <c>ref</c> argument.</summary>
    Write,

    /// <summary><c>Volatile.Read</c> or <c>Interlocked.Read</c>: an acquire on the location.</summary>
    Acquire,

    /// <summary><c>Volatile.Write</c>: a release on the location.</summary>
    Release,

    /// <summary>Any other <c>Interlocked</c> operation, or <c>LazyInitializer</c>: acquire and release.</summary>
    AcquireRelease,
}
