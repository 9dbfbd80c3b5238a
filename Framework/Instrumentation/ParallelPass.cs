using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>Redirects calls of <c>Parallel.Invoke</c>, <c>Parallel.For(int, int, ...)</c> and <c>Parallel.ForEach(IEnumerable,
/// ...)</c> (with or without <see cref="ParallelOptions"/>) to <see cref="ParallelModel"/>, which runs their bodies on
/// controlled tasks under exploration.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <c>Parallel.Invoke</c> and runs <c>For</c> and <c>ForEach</c> partly inline on the
/// calling thread. Runs before Coyote's rewriting. Each method of <see cref="ParallelModel"/> has the signature of the one it
/// stands in for, so the pass only swaps the operand of the <c>call</c> (or <c>ldftn</c>), keeping a generic call's type
/// argument. The other overloads of <see cref="Parallel"/> are left to Coyote. The model itself, which calls
/// <see cref="Parallel"/> outside an exploration, is not redirected.</para>
/// </remarks>
internal sealed class ParallelPass : InstrumentationPass
{
    private const string ParallelType = "System.Threading.Tasks.Parallel";

    /// <summary>The model's public methods by the normal form of the call each replaces.</summary>
    private static readonly Dictionary<string, MethodInfo> s_replacements = typeof(ParallelModel)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(m => Key(m.Name, m.GetParameters().Select(p => NameOf(p.ParameterType))), StringComparer.Ordinal);

    public override string Name => "parallel";

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
                if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Ldftn)
                    && instruction.Operand is MethodReference callee
                    && callee.DeclaringType.FullName == ParallelType
                    && Replacement(callee, module) is { } replacement)
                {
                    instruction.Operand = replacement;
                    Redirected++;
                }
            }
        }
    }

    /// <summary>The reference to the model's method that stands in for <paramref name="callee"/>, instantiated like it.</summary>
    private static MethodReference? Replacement(MethodReference callee, ModuleDefinition module)
    {
        var open = callee is GenericInstanceMethod generic ? generic.ElementMethod : callee;
        if (!s_replacements.TryGetValue(Key(callee.Name, open.Parameters.Select(p => p.ParameterType.GetElementType().FullName)), out var model))
        {
            return null;
        }

        var reference = module.ImportReference(model);
        if (callee is not GenericInstanceMethod closed)
        {
            return reference;
        }

        var instance = new GenericInstanceMethod(reference);
        foreach (var argument in closed.GenericArguments)
        {
            instance.GenericArguments.Add(argument);
        }

        return instance;
    }

    private static string Key(string name, IEnumerable<string> parameters) => $"{name}({string.Join(",", parameters)})";

    /// <summary>The name of a parameter's type without its type arguments, as Cecil's element type gives it:
    /// <c>System.Action`1</c> for <c>Action&lt;int&gt;</c>, <c>System.Action</c> for <c>Action[]</c>.</summary>
    private static string NameOf(Type type)
    {
        while (type.HasElementType)
        {
            type = type.GetElementType()!;
        }

        return type.IsGenericType ? type.GetGenericTypeDefinition().FullName! : type.FullName ?? type.Name;
    }

    /// <summary>The model calls <see cref="Parallel"/> outside an exploration; it must not be redirected to itself.</summary>
    private static bool IsModel(TypeDefinition type) => IsWithin(type, typeof(ParallelModel));
}
