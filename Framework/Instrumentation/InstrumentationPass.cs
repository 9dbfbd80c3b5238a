using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>One IL pass of Weft's build step, run after Coyote's rewriting on each assembly that is rewritten.</summary>
internal abstract class InstrumentationPass
{
    /// <summary>The pass's kebab-case name, recorded in <see cref="WeftInstrumentedAttribute.Passes"/>.</summary>
    public abstract string Name { get; }

    /// <summary>Transforms <paramref name="assembly"/> in memory.</summary>
    public abstract void Run(AssemblyDefinition assembly);

    /// <summary>Whether <paramref name="type"/>, or the outermost type it is nested in, is <paramref name="model"/>: a
    /// model's own calls to the type it stands in for are never redirected to itself.</summary>
    protected static bool IsWithin(TypeDefinition type, Type model)
    {
        var outermost = Outermost(type);
        return outermost.FullName == model.FullName && IsFromAssemblyOf(outermost, model);
    }

    /// <summary>Whether the outermost type <paramref name="type"/> is nested in lies in <paramref name="model"/>'s namespace and
    /// assembly.</summary>
    protected static bool IsWithinNamespaceOf(TypeDefinition type, Type model)
    {
        var outermost = Outermost(type);
        return outermost.Namespace == model.Namespace && IsFromAssemblyOf(outermost, model);
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static bool IsFromAssemblyOf(TypeDefinition type, Type model) =>
        type.Module.Assembly.Name.Name == model.Assembly.GetName().Name;
}
