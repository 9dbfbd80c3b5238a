using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>Redirects the constructors, methods and property getters of the synchronizers Coyote does not control
/// (<see cref="ReaderWriterLockSlim"/>, <see cref="ManualResetEventSlim"/>, <see cref="CountdownEvent"/> and
/// <see cref="Barrier"/>) to their models, whose waits the scheduler controls.</summary>
/// <remarks>
/// <para>Runs before Coyote's rewriting. An instance call <c>x.M(args)</c> (or <c>x.P</c>) becomes the static call
/// <c>Model.M(x, args)</c>, and <c>new T(args)</c> becomes <c>Model.Create(args)</c>: the evaluation stack is the same. Only
/// the members a model defines are redirected; the others stay on the real object. Coyote marks every use of
/// <see cref="ReaderWriterLockSlim"/> and <see cref="ManualResetEventSlim"/> as uncontrolled, so their models redirect all
/// of them. The models themselves, which call the real types outside an exploration, are left alone.</para>
/// </remarks>
internal sealed class SynchronizerPass : InstrumentationPass
{
    /// <summary>Each modelled type's model.</summary>
    private static readonly Dictionary<string, Type> s_models = new(StringComparer.Ordinal)
    {
        [typeof(ReaderWriterLockSlim).FullName!] = typeof(ReaderWriterLockSlimModel),
        [typeof(ManualResetEventSlim).FullName!] = typeof(ManualResetEventSlimModel),
        [typeof(CountdownEvent).FullName!] = typeof(CountdownEventModel),
        [typeof(Barrier).FullName!] = typeof(BarrierModel),
    };

    /// <summary>The models' methods by modelled type, then by the normal form of the call each replaces: <c>Name(param,...)</c>.</summary>
    private static readonly Dictionary<string, Dictionary<string, MethodInfo>> s_replacements = s_models.ToDictionary(
        m => m.Key,
        m => m.Value.GetMethods(BindingFlags.Public | BindingFlags.Static).ToDictionary(ReplacedCall, StringComparer.Ordinal),
        StringComparer.Ordinal);

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
                    && s_replacements.TryGetValue(callee.DeclaringType.FullName, out var replacements)
                    && replacements.TryGetValue(CallOf(callee), out var replacement))
                {
                    instruction.OpCode = OpCodes.Call;
                    instruction.Operand = module.ImportReference(replacement);
                    Redirected++;
                }
            }
        }
    }

    /// <summary><c>EnterReadLock()</c>, <c>TryEnterReadLock(System.Int32)</c>; <c>IsReadLockHeld()</c> for the getter
    /// <c>get_IsReadLockHeld</c>; <c>Create(System.Threading.LockRecursionPolicy)</c> for a constructor.</summary>
    private static string CallOf(MethodReference callee)
    {
        string name = callee.Name switch
        {
            ".ctor" => "Create",
            _ when callee.Name.StartsWith("get_", StringComparison.Ordinal) => callee.Name[4..],
            _ => callee.Name,
        };
        return $"{name}({string.Join(",", callee.Parameters.Select(p => p.ParameterType.FullName))})";
    }

    /// <summary>The call a model method replaces, in the form of <see cref="CallOf"/>: its parameters after the instance (all
    /// of them for a <c>Create</c>, which stands in for a constructor).</summary>
    private static string ReplacedCall(MethodInfo model) =>
        $"{model.Name}({string.Join(",", model.GetParameters().Skip(model.Name == "Create" ? 0 : 1).Select(p => CecilName(p.ParameterType)))})";

    /// <summary>A reflection type's full name as Cecil writes it: <c>System.Action`1&lt;System.Threading.Barrier&gt;</c>.</summary>
    private static string CecilName(Type type) =>
        type.IsGenericType
            ? $"{type.GetGenericTypeDefinition().FullName}<{string.Join(",", type.GetGenericArguments().Select(CecilName))}>"
            : type.FullName!;

    /// <summary>The models call the real types outside an exploration; they must not be redirected to themselves.</summary>
    private static bool IsModel(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace == typeof(ReaderWriterLockSlimModel).Namespace
            && type.Module.Assembly.Name.Name == typeof(ReaderWriterLockSlimModel).Assembly.GetName().Name;
    }
}
