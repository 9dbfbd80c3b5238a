using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>What a logical task that starts in this execution context starts after: carried by an <see cref="AsyncLocal{T}"/>
/// from an <c>await</c> that suspends to its continuation.</summary>
/// <remarks><b>Thread safety:</b> immutable.</remarks>
/// <param name="Detector">The iteration's detector.</param>
/// <param name="Point">What the code before the suspension released, or <see langword="null"/> at the start of the iteration.</param>
/// <param name="SpawnSite">How the task that starts here is described in reports.</param>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal sealed record RaceOrigin(RaceDetector Detector, SyncPoint? Point, string SpawnSite);
