using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>The earlier access that a new access to a location races with, as the location's shadow state knows it.</summary>
/// <param name="Epoch">The earlier access's logical task and step.</param>
/// <param name="Kind">Whether it read or wrote.</param>
/// <param name="Site">Where in the source it was made.</param>
/// <remarks><b>Thread safety:</b> immutable.</remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal readonly record struct RaceConflict(Epoch Epoch, AccessKind Kind, string Site);
