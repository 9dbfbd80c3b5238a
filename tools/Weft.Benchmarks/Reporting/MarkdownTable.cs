using System.Text;

namespace Weft.Benchmarks.Reporting;

/// <summary>A GitHub-flavoured markdown table; cells are escaped so that a pipe or a line break cannot break a row.</summary>
/// <remarks><b>Thread safety:</b> to be used from one thread.</remarks>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table; a header that starts with <c>&gt;</c> is a right-aligned (numeric) column, shown without the mark.</summary>
    public MarkdownTable(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
    }

    /// <summary>The number of rows added.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a row.</summary>
    /// <exception cref="ArgumentException">The row has not one cell per column.</exception>
    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row needs {_headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", _headers.Select(Escape)).Append(" |\n");
        text.Append('|').AppendJoin("|", _rightAligned.Select(right => right ? " ---: " : " --- ")).Append("|\n");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Escape(string cell) =>
        cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
