using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>The objects whose synchronisation an object depends on: a linked <see cref="CancellationTokenSource"/> is
/// cancelled when any of its parents is, so observing its cancellation also observes theirs.</summary>
/// <remarks><b>Thread safety:</b> guarded by its own lock; the list only grows.</remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class SyncLinks
{
    private readonly List<object> _parents = [];

    /// <summary>Adds <paramref name="parent"/>.</summary>
    public void Add(object parent)
    {
        lock (_parents)
        {
            _parents.Add(parent);
        }
    }

    /// <summary>The parents added so far.</summary>
    public object[] Parents()
    {
        lock (_parents)
        {
            return [.. _parents];
        }
    }
}
