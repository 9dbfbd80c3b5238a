using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>What <see cref="RaceHooks.EnterTask"/> replaced on a thread, for <see cref="RaceHooks.ExitTask"/> to give back.</summary>
/// <param name="Task">The thread's logical task.</param>
/// <param name="Flow">The flow that task ran in.</param>
/// <param name="OuterTasks">The tasks the thread set aside for inline code.</param>
/// <param name="Origin">The origin in the execution context.</param>
/// <remarks><b>Thread safety:</b> used by the thread that made it.</remarks>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal readonly record struct TaskScope(LogicalTask? Task, RaceOrigin? Flow, List<(LogicalTask Task, RaceOrigin? Flow)>? OuterTasks, RaceOrigin? Origin);
