namespace Weft.Exploration;

/// <summary>Asks the explorations of the current logical flow to replay a trace instead of exploring.</summary>
/// <remarks>Used by the command line to replay a trace of a test method: it sets the request, then calls the method,
/// whose <see cref="Explorer"/> call sees the request.</remarks>
internal sealed class ReplayRequest(string traceFile)
{
    private static readonly AsyncLocal<ReplayRequest?> s_current = new();

    public static ReplayRequest? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public string TraceFile { get; } = traceFile;

    /// <summary>The result of the replay, once an exploration ran it.</summary>
    public ReplayResult? Result { get; set; }
}
