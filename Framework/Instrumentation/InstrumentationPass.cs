using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>One IL pass of Weft's build step, run after Coyote's rewriting on each assembly that is rewritten.</summary>
internal abstract class InstrumentationPass
{
    /// <summary>The pass's kebab-case name, recorded in <see cref="WeftInstrumentedAttribute.Passes"/>.</summary>
    public abstract string Name { get; }

    /// <summary>Transforms <paramref name="assembly"/> in memory.</summary>
    public abstract void Run(AssemblyDefinition assembly);
}
