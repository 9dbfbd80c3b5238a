using Mono.Cecil;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>References, imported into one module, to the access and suspension hooks of <see cref="RaceHooks"/>.</summary>
/// <remarks><b>Thread safety:</b> used by one pass on one module.</remarks>
internal sealed class RaceHookMethods(ModuleDefinition module)
{
    public MethodReference Read { get; } = Import(module, nameof(RaceHooks.Read), typeof(object), typeof(string), typeof(string));

    public MethodReference Write { get; } = Import(module, nameof(RaceHooks.Write), typeof(object), typeof(string), typeof(string));

    public MethodReference ReadStatic { get; } = Import(module, nameof(RaceHooks.ReadStatic), typeof(string), typeof(string));

    public MethodReference WriteStatic { get; } = Import(module, nameof(RaceHooks.WriteStatic), typeof(string), typeof(string));

    public MethodReference ReadElement { get; } = Import(module, nameof(RaceHooks.ReadElement), typeof(Array), typeof(nint), typeof(string));

    public MethodReference WriteElement { get; } = Import(module, nameof(RaceHooks.WriteElement), typeof(Array), typeof(nint), typeof(string));

    public MethodReference Atomic { get; } = Import(module, nameof(RaceHooks.Atomic), typeof(object), typeof(string), typeof(AtomicKind), typeof(string));

    public MethodReference AtomicStatic { get; } = Import(module, nameof(RaceHooks.AtomicStatic), typeof(string), typeof(AtomicKind), typeof(string));

    public MethodReference AtomicElement { get; } = Import(module, nameof(RaceHooks.AtomicElement), typeof(Array), typeof(nint), typeof(AtomicKind), typeof(string));

    public MethodReference Suspend { get; } = Import(module, nameof(RaceHooks.Suspend), typeof(string));

    public MethodReference ValueTaskSourceCompleting { get; } = Import(module, nameof(RaceHooks.ValueTaskSourceCompleting), typeof(object));

    public MethodReference ValueTaskSourceCompleted { get; } = Import(module, nameof(RaceHooks.ValueTaskSourceCompleted), typeof(object));

    private static MethodReference Import(ModuleDefinition module, string name, params Type[] parameters) =>
        module.ImportReference(typeof(RaceHooks).GetMethod(name, parameters)
            ?? throw new InvalidOperationException($"RaceHooks.{name} is missing."));
}
