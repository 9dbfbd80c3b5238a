namespace Weft.Exploration;

/// <summary>A trace file cannot be replayed: it is missing, corrupt, from a newer format, or recorded for another test.</summary>
/// <remarks>The message is one line naming the file and the reason. <b>Thread safety:</b> immutable.</remarks>
public sealed class TraceFileException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public TraceFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public TraceFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
