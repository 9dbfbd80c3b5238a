namespace Weft.Models;

/// <summary>The three modes in which a thread can hold a <see cref="ReaderWriterLockSlim"/>.</summary>
internal enum ReaderWriterLockMode
{
    /// <summary>Shared with other readers: <c>EnterReadLock</c>.</summary>
    Read,

    /// <summary>Exclusive: <c>EnterWriteLock</c>.</summary>
    Write,

    /// <summary>Shared with readers, exclusive among upgradeable readers and writers: <c>EnterUpgradeableReadLock</c>.</summary>
    Upgradeable,
}
