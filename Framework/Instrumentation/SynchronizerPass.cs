using System.Collections.Concurrent;
using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>Redirects the constructors, methods and property getters of the synchronizers Coyote does not control
/// (<see cref="ReaderWriterLockSlim"/>, <see cref="ManualResetEventSlim"/>, <see cref="CountdownEvent"/>, <see cref="Barrier"/>
/// and <see cref="BlockingCollection{T}"/>) to their models, whose waits the scheduler controls.</summary>
/// <remarks>
/// <para>Runs before Coyote's rewriting. An instance call <c>x.M(args)</c> (or <c>x.P</c>) becomes the static call
/// <c>Model.M(x, args)</c> (<c>Model.P(x)</c>), and <c>new T(args)</c> becomes <c>Model.Create(args)</c>: the evaluation
/// stack is the same. A generic type's model methods are generic in the type's parameters, and the call keeps the type's
/// arguments. Only the members a model defines are redirected; the others stay on the real object. Coyote marks every use
/// of <see cref="ReaderWriterLockSlim"/> and <see cref="ManualResetEventSlim"/> as uncontrolled, so their models redirect
/// all of them. The models themselves, which call the real types outside an exploration, are left alone.</para>
/// </remarks>
internal sealed class SynchronizerPass : InstrumentationPass
{
    /// <summary>Each modelled type (open, for a generic one) and its model.</summary>
    private static readonly (Type Modelled, Type Model)[] s_models =
    [
        (typeof(ReaderWriterLockSlim), typeof(ReaderWriterLockSlimModel)),
        (typeof(ManualResetEventSlim), typeof(ManualResetEventSlimModel)),
        (typeof(CountdownEvent), typeof(CountdownEventModel)),
        (typeof(Barrier), typeof(BarrierModel)),
        (typeof(BlockingCollection<>), typeof(BlockingCollectionModel)),
    ];

    /// <summary>The model methods by the normal form (<see cref="CilSignature"/>) of the call each replaces.</summary>
    private static readonly Dictionary<string, MethodInfo> s_replacements = s_models
        .SelectMany(m => m.Model.GetMethods(BindingFlags.Public | BindingFlags.Static).Select(method => (Key: ReplacedCall(m.Modelled, method), Method: method)))
        .ToDictionary(r => r.Key, r => r.Method, StringComparer.Ordinal);

    public override string Name => "synchronizers";

    /// <summary>The number of calls redirected by the last <see cref="Run"/>.</summary>
    public int Redirected { get; private set; }

    public override void Run(AssemblyDefinition assembly)
    {
        Redirected = 0;
        var module = assembly.MainModule;
        foreach (var method in module.GetTypes().Where(t => !IsModel(t)).SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            foreach (var instruction in method.Body.Instructions)
            {
                if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj)
                    && instruction.Operand is MethodReference { HasThis: true } callee
                    && s_replacements.TryGetValue(CilSignature.OfCall(callee), out var replacement))
                {
                    instruction.OpCode = OpCodes.Call;
                    instruction.Operand = Instantiated(module.ImportReference(replacement), callee);
                    Redirected++;
                }
            }
        }
    }

    /// <summary>The normal form of the call <paramref name="model"/> stands in for: a <c>Create</c> for a constructor (whose
    /// instance is what it returns), a method named after a property of <paramref name="modelled"/> for its getter, any
    /// other for the instance method of the same name, with the instance as first parameter.</summary>
    private static string ReplacedCall(Type modelled, MethodInfo model)
    {
        var parameters = model.GetParameters().Select(p => p.ParameterType).ToList();
        string name = model.Name;
        if (name == "Create")
        {
            name = ".ctor";
            parameters.Insert(0, model.ReturnType);
        }
        else if (modelled.GetProperty(name) is not null)
        {
            name = "get_" + name;
        }

        return CilSignature.OfHook(modelled, name, parameters);
    }

    /// <summary>A generic model method instantiated with the type arguments of the call it replaces.</summary>
    private static MethodReference Instantiated(MethodReference replacement, MethodReference callee)
    {
        if (callee.DeclaringType is not GenericInstanceType generic)
        {
            return replacement;
        }

        var instance = new GenericInstanceMethod(replacement);
        foreach (var argument in generic.GenericArguments)
        {
            instance.GenericArguments.Add(argument);
        }

        return instance;
    }

    /// <summary>The models call the real types outside an exploration; they must not be redirected to themselves.</summary>
    private static bool IsModel(TypeDefinition type) => IsWithinNamespaceOf(type, typeof(ReaderWriterLockSlimModel));
}
