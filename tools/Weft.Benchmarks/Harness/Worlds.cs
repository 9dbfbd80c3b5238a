using System.Reflection;
using Weft.Benchmarks.Workers;

namespace Weft.Benchmarks.Harness;

/// <summary>The three folders workers run in: the harness's own output folder (Weft's build), and two copies of it made at
/// run time, one with the workload assemblies rewritten by Coyote alone and one with them not rewritten.</summary>
/// <remarks>The same assembly names in three builds cannot share one load context, so every measurement runs in a child
/// process started in the folder of its world. The folders are deleted on dispose.</remarks>
internal sealed class Worlds : IDisposable
{
    /// <summary>The assemblies that differ between the worlds; the rest of each folder is the same.</summary>
    public static readonly IReadOnlyList<string> WorkloadAssemblies = ["Weft.dll", "Weft.Scenarios.dll", "Weft.Benchmarks.Workloads.dll"];

    private readonly string _root;

    private Worlds(string root)
    {
        _root = root;
    }

    /// <summary>The folder of the harness itself: its build rewrote the workload assemblies with Weft's passes.</summary>
    public static string WeftFolder => AppContext.BaseDirectory;

    /// <summary>The folder with the workload assemblies rewritten by Coyote alone.</summary>
    public string CoyoteFolder => Path.Combine(_root, "coyote");

    /// <summary>The folder with the workload assemblies as the compiler made them.</summary>
    public string PlainFolder => Path.Combine(_root, "plain");

    public string FolderOf(WorldKind kind) => kind switch
    {
        WorldKind.Weft => WeftFolder,
        WorldKind.Coyote => CoyoteFolder,
        _ => PlainFolder,
    };

    /// <summary>Makes the coyote and plain folders.</summary>
    /// <exception cref="InvalidOperationException">The plain builds or the rewriter are missing, or the rewriter failed.</exception>
    public static async Task<Worlds> PrepareAsync(CancellationToken cancellation)
    {
        string plainBuilds = Path.Combine(WeftFolder, "plain");
        foreach (string name in WorkloadAssemblies)
        {
            if (!File.Exists(Path.Combine(plainBuilds, name)))
            {
                throw new InvalidOperationException($"the plain build {name} is missing from {plainBuilds}; build tools/Weft.Benchmarks again.");
            }
        }

        var worlds = new Worlds(Directory.CreateTempSubdirectory("weft-bench-worlds-").FullName);
        try
        {
            foreach (string folder in new[] { worlds.CoyoteFolder, worlds.PlainFolder })
            {
                CopyFolder(WeftFolder, folder);
                foreach (string file in Directory.EnumerateFiles(plainBuilds))
                {
                    File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
                }
            }

            await RewriteWithCoyoteAloneAsync(worlds.CoyoteFolder, cancellation);
            return worlds;
        }
        catch
        {
            worlds.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A worker killed at its timeout may still hold a file for a moment; the temporary folder is left behind.
        }
    }

    private static async Task RewriteWithCoyoteAloneAsync(string folder, CancellationToken cancellation)
    {
        string rewriter = typeof(Worlds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WeftRewriterPath")?.Value ?? string.Empty;
        if (!File.Exists(rewriter))
        {
            throw new InvalidOperationException($"the rewriting host was not found at '{rewriter}'; build tools/Weft.Benchmarks again.");
        }

        var arguments = new List<string> { "exec", rewriter, "--directory", folder, "--coyote-only" };
        foreach (string name in WorkloadAssemblies)
        {
            arguments.AddRange(["--assembly", name]);
        }

        var result = await ChildProcess.RunAsync("dotnet", arguments, folder, null, TimeSpan.FromMinutes(5), cancellation);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"rewriting with Coyote alone failed: {result.Error.Trim()}");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("plain" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
