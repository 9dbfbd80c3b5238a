namespace Weft.Tests.Models.Channels;

/// <summary>One operation a differential run performs on a channel.</summary>
public enum ChannelStepKind
{
    /// <summary><c>Writer.TryWrite</c>.</summary>
    TryWrite,

    /// <summary><c>Writer.WriteAsync</c> with the step's token.</summary>
    WriteAsync,

    /// <summary><c>Writer.WaitToWriteAsync</c> with the step's token.</summary>
    WaitToWrite,

    /// <summary><c>Reader.TryRead</c>.</summary>
    TryRead,

    /// <summary><c>Reader.ReadAsync</c> with the step's token.</summary>
    ReadAsync,

    /// <summary><c>Reader.WaitToReadAsync</c> with the step's token.</summary>
    WaitToRead,

    /// <summary>One move of a fresh <c>Reader.ReadAllAsync</c> enumerator, when it completes at once.</summary>
    ReadAllNext,

    /// <summary><c>Reader.TryPeek</c>.</summary>
    TryPeek,

    /// <summary><c>Reader.Count</c>.</summary>
    Count,

    /// <summary><c>Writer.Complete</c> with the step's error.</summary>
    Complete,

    /// <summary><c>Writer.TryComplete</c> with the step's error.</summary>
    TryComplete,

    /// <summary>Cancels one of the run's cancellation sources.</summary>
    Cancel,

    /// <summary>The status of <c>Reader.Completion</c>.</summary>
    Completion,
}
