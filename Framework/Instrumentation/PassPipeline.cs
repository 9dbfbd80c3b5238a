using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>Runs Weft's IL passes, in order, on assemblies in place, and stamps each with <see cref="WeftInstrumentedAttribute"/>.</summary>
/// <remarks>Idempotent: an assembly already stamped is left untouched. Symbols (PDB) are read and
/// rewritten with the assembly so that source lines stay right.</remarks>
internal sealed class PassPipeline
{
    private readonly IReadOnlyList<InstrumentationPass> _passes;

    public PassPipeline(IReadOnlyList<InstrumentationPass> passes, string version)
    {
        _passes = [.. passes, new MarkerPass(version, passes.Select(p => p.Name).ToArray())];
    }

    /// <summary>The passes Weft runs today, in order, before the marker.</summary>
    public static IReadOnlyList<InstrumentationPass> DefaultPasses { get; } = [];

    /// <summary>Instruments the assembly at <paramref name="path"/> in place.</summary>
    /// <returns><see langword="true"/> if it was instrumented, <see langword="false"/> if it already was.</returns>
    public bool Instrument(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string pdb = Path.ChangeExtension(path, ".pdb");
        bool hasSymbols = File.Exists(pdb);
        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(directory);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);

        string tempDll = Path.Combine(directory, $".weft-{Guid.NewGuid():N}.dll");
        string tempPdb = Path.ChangeExtension(tempDll, ".pdb");
        using (var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters
        {
            AssemblyResolver = resolver,
            ReadSymbols = hasSymbols,
            InMemory = true,
        }))
        {
            if (MarkerPass.FindVersion(assembly) is not null)
            {
                // Already instrumented (a rebuild recompiles and so starts from a fresh assembly).
                return false;
            }

            foreach (var pass in _passes)
            {
                pass.Run(assembly);
            }

            assembly.Write(tempDll, new WriterParameters { WriteSymbols = hasSymbols });
        }

        File.Move(tempDll, path, overwrite: true);
        if (hasSymbols)
        {
            File.Move(tempPdb, pdb, overwrite: true);
        }

        return true;
    }
}
