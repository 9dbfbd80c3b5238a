using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>Redirects every call of a method or property getter of <see cref="ReaderWriterLockSlim"/> to
/// <see cref="ReaderWriterLockSlimModel"/>, whose operations the scheduler controls.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="ReaderWriterLockSlim"/>. Runs before Coyote's rewriting. An instance
/// call <c>lock.M(args)</c> (or <c>lock.P</c>) becomes the static call <c>ReaderWriterLockSlimModel.M(lock, args)</c>, and
/// <c>new ReaderWriterLockSlim(args)</c> becomes <c>ReaderWriterLockSlimModel.Create(args)</c>: the evaluation stack is the
/// same. Coyote marks any call left on the real type as uncontrolled. The model itself, which calls the real lock
/// outside an exploration, is left alone.</para>
/// </remarks>
internal sealed class ReaderWriterLockPass : InstrumentationPass
{
    private const string LockType = "System.Threading.ReaderWriterLockSlim";

    /// <summary>The model's methods by the normal form of the call each replaces: <c>Name(param,...)</c>.</summary>
    private static readonly Dictionary<string, MethodInfo> s_replacements = typeof(ReaderWriterLockSlimModel)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(ReplacedCall, StringComparer.Ordinal);

    public override string Name => "reader-writer-lock";

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
                    && callee.DeclaringType.FullName == LockType
                    && s_replacements.TryGetValue(CallOf(callee), out var replacement))
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
            ".ctor" => nameof(ReaderWriterLockSlimModel.Create),
            _ when callee.Name.StartsWith("get_", StringComparison.Ordinal) => callee.Name[4..],
            _ => callee.Name,
        };
        return $"{name}({string.Join(",", callee.Parameters.Select(p => p.ParameterType.FullName))})";
    }

    /// <summary>The call a model method replaces, in the form of <see cref="CallOf"/>: its parameters after the lock (all of
    /// them for <see cref="ReaderWriterLockSlimModel.Create()"/>).</summary>
    private static string ReplacedCall(MethodInfo model) =>
        $"{model.Name}({string.Join(",", model.GetParameters().Skip(model.Name == nameof(ReaderWriterLockSlimModel.Create) ? 0 : 1).Select(p => p.ParameterType.FullName))})";

    /// <summary>The model calls the real lock outside an exploration; it must not be redirected to itself.</summary>
    private static bool IsModel(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.FullName is "Weft.Models.ReaderWriterLockSlimModel" or "Weft.Models.ReaderWriterLockState"
            && type.Module.Assembly.Name.Name == typeof(ReaderWriterLockSlimModel).Assembly.GetName().Name;
    }
}
