namespace Weft.Benchmarks.Reporting;

/// <summary>What the primitives benchmarks (tools/Weft.Benchmarks.Primitives) left: their GitHub-markdown tables and prose.</summary>
/// <param name="Tables">Each report file's title and markdown, in file-name order.</param>
/// <param name="Reading">The prose of tools/Weft.Benchmarks.Primitives/Reading.md, if present.</param>
/// <param name="Note">Why tables are missing, or how they were made.</param>
internal sealed record PrimitivesResults(IReadOnlyList<(string Title, string Markdown)> Tables, string? Reading, string? Note);
