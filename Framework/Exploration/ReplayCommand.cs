namespace Weft.Exploration;

/// <summary>Formats the command that replays a trace file, ready to copy into a shell.</summary>
internal static class ReplayCommand
{
    public static string For(string traceFile) => $"weft replay {Quote(traceFile)}";

    private static string Quote(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`' or '\\')
            ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : path;
}
