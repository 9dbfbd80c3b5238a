namespace Weft.Cli;

/// <summary>How <c>explore</c> writes its results to stdout; the names users type are in <see cref="OutputFormatNames"/>.</summary>
internal enum OutputFormat
{
    /// <summary>Reports and tables for people.</summary>
    Text,

    /// <summary>One versioned JSON document, without colour or banner.</summary>
    Json,
}
