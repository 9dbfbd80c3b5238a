using Weft.Reporting;

namespace Weft.Checking;

/// <summary>Why an iteration failed, before it becomes a <see cref="Bug"/> with an iteration and a trace file.</summary>
/// <param name="Kind">The bug kind.</param>
/// <param name="Message">The message a person acts on; stable across replays.</param>
/// <param name="Details">Extra detail such as a stack trace; not compared by replay.</param>
internal sealed record IterationFailure(BugKind Kind, string Message, string Details);
