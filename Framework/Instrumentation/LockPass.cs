using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>Redirects every call on <see cref="Lock"/> (and <see cref="Lock.Scope"/>'s disposal) to <see cref="LockModel"/>,
/// whose operations the scheduler controls.</summary>
/// <remarks>An instance call <c>lock.M(args)</c> becomes the static call <c>LockModel.M(lock, args)</c>: the evaluation stack
/// is the same. <c>scope.Dispose()</c>, called on the scope's address, becomes <c>LockModel.DisposeScope(ref scope)</c>.</remarks>
internal sealed class LockPass : InstrumentationPass
{
    private const string LockType = "System.Threading.Lock";
    private const string ScopeType = "System.Threading.Lock/Scope";

    public override string Name => "lock";

    public override void Run(AssemblyDefinition assembly)
    {
        var module = assembly.MainModule;
        foreach (var method in module.GetTypes().Where(t => !IsModel(t)).SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            foreach (var instruction in method.Body.Instructions)
            {
                if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt)
                    && instruction.Operand is MethodReference callee
                    && Replacement(callee) is { } replacement)
                {
                    instruction.OpCode = OpCodes.Call;
                    instruction.Operand = module.ImportReference(replacement);
                }
            }
        }
    }

    /// <summary>The model itself calls the real <see cref="Lock"/> outside an exploration; it must not be redirected.</summary>
    private static bool IsModel(TypeDefinition type) => IsWithin(type, typeof(LockModel));

    private static System.Reflection.MethodInfo? Replacement(MethodReference callee)
    {
        string declaring = callee.DeclaringType.FullName;
        if (declaring == ScopeType && callee.Name == nameof(Lock.Scope.Dispose) && callee.Parameters.Count == 0)
        {
            return typeof(LockModel).GetMethod(nameof(LockModel.DisposeScope));
        }

        if (declaring != LockType || !callee.HasThis)
        {
            return null;
        }

        string[] parameters = callee.Parameters.Select(p => p.ParameterType.FullName).ToArray();
        return (callee.Name, parameters) switch
        {
            ("Enter", []) => Model(nameof(LockModel.Enter), typeof(Lock)),
            ("TryEnter", []) => Model(nameof(LockModel.TryEnter), typeof(Lock)),
            ("TryEnter", ["System.Int32"]) => Model(nameof(LockModel.TryEnter), typeof(Lock), typeof(int)),
            ("TryEnter", ["System.TimeSpan"]) => Model(nameof(LockModel.TryEnter), typeof(Lock), typeof(TimeSpan)),
            ("Exit", []) => Model(nameof(LockModel.Exit), typeof(Lock)),
            ("EnterScope", []) => Model(nameof(LockModel.EnterScope), typeof(Lock)),
            ("get_IsHeldByCurrentThread", []) => Model(nameof(LockModel.IsHeldByCurrentThread), typeof(Lock)),
            _ => null,
        };
    }

    private static System.Reflection.MethodInfo Model(string name, params Type[] parameters) =>
        typeof(LockModel).GetMethod(name, parameters) ?? throw new InvalidOperationException($"LockModel.{name} is missing.");
}
