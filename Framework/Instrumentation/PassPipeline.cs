using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>Runs Weft's IL passes, in order, on assemblies in place, and stamps each with <see cref="WeftInstrumentedAttribute"/>.</summary>
/// <remarks>Idempotent: an assembly already stamped is left untouched. Symbols (PDB) are read and
/// rewritten with the assembly so that source lines stay right.</remarks>
internal sealed class PassPipeline
{
    private readonly IReadOnlyList<InstrumentationPass> _passes;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="passes">The passes, in order.</param>
    /// <param name="stampVersion">The version to stamp after the passes, or <see langword="null"/> for a stage that does not
    /// finish the assembly (it runs before Coyote's rewriting, and the stage after it stamps).</param>
    /// <param name="stampedNames">The pass names the stamp lists; defaults to <paramref name="passes"/>' names.</param>
    public PassPipeline(IReadOnlyList<InstrumentationPass> passes, string? stampVersion, IReadOnlyList<string>? stampedNames = null)
    {
        _passes = stampVersion is null
            ? passes
            : [.. passes, new MarkerPass(stampVersion, stampedNames ?? passes.Select(p => p.Name).ToArray())];
    }

    /// <summary>The passes that run before Coyote's rewriting, in order.</summary>
    public static IReadOnlyList<InstrumentationPass> BeforeCoyote() =>
        [new SequencePointPass(), new SpanOverloadPass(), new LockPass(), new SynchronizerPass(), new ParallelPass(), new ChannelPass(), new TaskTrackingPass(), new TimePass(), new LoopPass()];

    /// <summary>The passes that run after Coyote's rewriting, in order, before the marker.</summary>
    public static IReadOnlyList<InstrumentationPass> AfterCoyote() => [new RacePass()];

    /// <summary>Whether the assembly at <paramref name="path"/> carries Weft's stamp.</summary>
    public static bool IsInstrumented(string path)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { InMemory = true });
        return MarkerPass.FindVersion(assembly) is not null;
    }

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
