using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>Stamps the assembly with <see cref="WeftInstrumentedAttribute"/>, naming the Weft version and every pass that ran.</summary>
/// <remarks>Always the last pass: the stamp is what makes the pipeline idempotent.</remarks>
internal sealed class MarkerPass(string version, IReadOnlyList<string> passNames) : InstrumentationPass
{
    public override string Name => "marker";

    public override void Run(AssemblyDefinition assembly)
    {
        var module = assembly.MainModule;
        MethodReference constructor = module.Assembly.Name.Name == typeof(WeftInstrumentedAttribute).Assembly.GetName().Name
            ? module.GetType(typeof(WeftInstrumentedAttribute).FullName).Methods.Single(m => m.IsConstructor && !m.IsStatic)
            : module.ImportReference(typeof(WeftInstrumentedAttribute).GetConstructor([typeof(string), typeof(string)]));
        var attribute = new CustomAttribute(constructor);
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, version));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, string.Join(',', passNames.Append(Name))));
        assembly.CustomAttributes.Add(attribute);
    }

    /// <summary>Returns the version of Weft that instrumented <paramref name="assembly"/>, or <see langword="null"/> if none did.</summary>
    public static string? FindVersion(AssemblyDefinition assembly) =>
        assembly.CustomAttributes
            .FirstOrDefault(a => a.AttributeType.FullName == typeof(WeftInstrumentedAttribute).FullName)
            ?.ConstructorArguments[0].Value as string;
}
