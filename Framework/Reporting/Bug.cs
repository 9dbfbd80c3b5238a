namespace Weft.Reporting;

/// <summary>One bug found by an exploration or a replay.</summary>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
public sealed record Bug
{
    /// <summary>What kind of bug this is.</summary>
    public required BugKind Kind { get; init; }

    /// <summary>A one-paragraph message a person can act on; stable across replays of the same schedule.</summary>
    public required string Message { get; init; }

    /// <summary>Extra detail, such as a stack trace; may be empty. Not compared by replay.</summary>
    public string Details { get; init; } = string.Empty;

    /// <summary>The 1-based iteration of the exploration in which the bug was found.</summary>
    public required int Iteration { get; init; }

    /// <summary>The full path of the trace file that replays this bug, or <see langword="null"/> if none was written.</summary>
    public string? TraceFile { get; init; }

    /// <summary>Returns <see langword="true"/> if <paramref name="other"/> is the same bug: same kind and same message.</summary>
    public bool IsSameBugAs(Bug other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Kind == other.Kind && string.Equals(Message, other.Message, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{BugKindNames.Of(Kind)}: {Message}";
}
