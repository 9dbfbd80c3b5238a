namespace Weft.Checking;

/// <summary>Whether a memory access reads or writes its location.</summary>
internal enum AccessKind
{
    /// <summary>The access reads the location.</summary>
    Read,

    /// <summary>The access writes the location.</summary>
    Write,
}
