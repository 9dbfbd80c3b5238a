using Weft.Exploration;

namespace Weft.Instrumentation;

/// <summary>Weft's build step: Coyote's rewriting, then Weft's passes, on the assemblies of one output folder.</summary>
/// <remarks>
/// Invoked by <c>Weft.targets</c> after a project's outputs are copied, as
/// <c>Weft.Rewriter --directory DIR (--config coyote.json | --assembly NAME ...)</c>. Names that are not in the folder are
/// skipped, so one <c>coyote.json</c> serves every project of a solution. Exit code 0 on success, 1 on failure, with a
/// one-line message on standard error.
/// <para>With <c>--coyote-only</c> the step runs Coyote's rewriting alone, with none of Weft's passes and no Weft stamp:
/// the assemblies are what Coyote's own <c>coyote rewrite</c> would make. The exploration benchmark measures Coyote alone on
/// such a folder. Weft cannot explore these assemblies (its models and race hooks are missing), and a later normal run of
/// the step refuses them, since Weft's passes must run before Coyote's rewriting.</para>
/// </remarks>
internal static class BuildStep
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? directory = null;
        string? config = null;
        var names = new List<string>();
        bool coyoteOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--directory" when value is not null:
                    directory = value;
                    i++;
                    break;
                case "--config" when value is not null:
                    config = value;
                    i++;
                    break;
                case "--assembly" when value is not null:
                    names.Add(value);
                    i++;
                    break;
                case "--coyote-only":
                    coyoteOnly = true;
                    break;
                default:
                    error.WriteLine($"weft-rewrite: error: unexpected argument '{args[i]}'. Usage: --directory DIR (--config FILE | --assembly NAME ...) [--coyote-only]");
                    return 1;
            }
        }

        if (directory is null || !Directory.Exists(directory))
        {
            error.WriteLine($"weft-rewrite: error: output folder '{directory}' does not exist.");
            return 1;
        }

        try
        {
            var settings = config is null ? new RewriteSettings(names, true) : RewriteSettings.Load(config);
            var paths = settings.Assemblies
                .Select(name => Path.GetFullPath(Path.Combine(directory, name)))
                .Where(File.Exists)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            if (paths.Length == 0)
            {
                output.WriteLine($"weft-rewrite: nothing to rewrite in {directory}");
                return 0;
            }

            if (coyoteOnly)
            {
                CoyoteRewriter.Rewrite(Path.GetFullPath(directory), paths, settings.RewriteConcurrentCollections);
                foreach (var path in paths)
                {
                    output.WriteLine($"weft-rewrite: {Path.GetFileName(path)} rewritten by Coyote only");
                }

                return 0;
            }

            var pending = paths.Where(p => !PassPipeline.IsInstrumented(p)).ToArray();
            var coyoteAlone = pending.FirstOrDefault(CoyoteRewriter.IsRewritten);
            if (coyoteAlone is not null)
            {
                error.WriteLine($"weft-rewrite: error: '{Path.GetFileName(coyoteAlone)}' was rewritten by Coyote alone (--coyote-only); Weft's passes must run before Coyote's rewriting, so rebuild it.");
                return 1;
            }

            var before = PassPipeline.BeforeCoyote();
            var after = PassPipeline.AfterCoyote();
            var first = new PassPipeline(before, stampVersion: null);
            foreach (var path in pending)
            {
                first.Instrument(path);
            }

            CoyoteRewriter.Rewrite(Path.GetFullPath(directory), paths, settings.RewriteConcurrentCollections);
            var last = new PassPipeline(after, TraceFile.CurrentWeftVersion, before.Select(p => p.Name).Append("coyote").Concat(after.Select(p => p.Name)).ToArray());
            foreach (var path in paths)
            {
                bool changed = pending.Contains(path) && last.Instrument(path);
                output.WriteLine($"weft-rewrite: {Path.GetFileName(path)} {(changed ? "instrumented" : "already instrumented")}");
            }

            return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or BadImageFormatException)
        {
            error.WriteLine($"weft-rewrite: error: {ex.Message}");
            return 1;
        }
    }
}
