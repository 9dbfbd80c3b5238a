using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Instrumentation;

/// <summary>What the build step rewrites: read from a <c>coyote.json</c> (Coyote's own format) or given on the command line.</summary>
/// <param name="Assemblies">File names of the assemblies to rewrite, relative to the output folder.</param>
/// <param name="RewriteConcurrentCollections">Whether Coyote also controls the concurrent collections.</param>
internal sealed record RewriteSettings(IReadOnlyList<string> Assemblies, bool RewriteConcurrentCollections)
{
    /// <summary>Reads the <c>Assemblies</c> and <c>IsRewritingConcurrentCollections</c> fields of a <c>coyote.json</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or has no <c>Assemblies</c> array of strings.</exception>
    public static RewriteSettings Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (root?["Assemblies"] is not JsonArray array || array.Any(a => a?.GetValueKind() != JsonValueKind.String))
        {
            throw new InvalidDataException($"'{path}' has no \"Assemblies\" array of file names.");
        }

        bool collections = root["IsRewritingConcurrentCollections"]?.GetValue<bool>() ?? true;
        return new RewriteSettings(array.Select(a => a!.GetValue<string>()).ToArray(), collections);
    }
}
