using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Weft.Instrumentation;

/// <summary>Redirects calls of the <see cref="ReadOnlySpan{T}"/> overloads of <c>Task.WhenAll</c>, <c>Task.WhenAny</c>,
/// <c>Task.WaitAll</c> and <c>Task.WaitAny</c> to their array overloads.</summary>
/// <remarks>
/// Since .NET 9, <c>Task.WhenAll(a, b)</c> binds to a <c>params ReadOnlySpan&lt;Task&gt;</c> overload that Coyote 1.7.11 does
/// not know, so the wait is uncontrolled: a real deadlock is then reported only as a "potential deadlock or hang" after the
/// deadlock timeout. Runs before Coyote's rewriting, which then controls the array overload. The span is copied with
/// <see cref="ReadOnlySpan{T}.ToArray"/>; the overloads have the same semantics.
/// </remarks>
internal sealed class SpanOverloadPass : InstrumentationPass
{
    private static readonly HashSet<string> s_methods = ["WhenAll", "WhenAny", "WaitAll", "WaitAny"];

    public override string Name => "span-overloads";

    /// <summary>The number of calls redirected by the last <see cref="Run"/>.</summary>
    public int Redirected { get; private set; }

    public override void Run(AssemblyDefinition assembly)
    {
        Redirected = 0;
        foreach (var type in assembly.MainModule.GetTypes())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var calls = method.Body.Instructions
                    .Where(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference callee && IsSpanOverload(callee))
                    .ToArray();
                if (calls.Length == 0)
                {
                    continue;
                }

                // Inserting code can push a short branch out of its range: widen every branch first, shorten after.
                method.Body.SimplifyMacros();
                foreach (var call in calls)
                {
                    Redirect(method, call, (MethodReference)call.Operand);
                    Redirected++;
                }

                method.Body.OptimizeMacros();
            }
        }
    }

    private static bool IsSpanOverload(MethodReference callee) =>
        callee.DeclaringType.FullName == "System.Threading.Tasks.Task"
        && s_methods.Contains(callee.Name)
        && callee.Parameters.Count == 1
        && callee.Parameters[0].ParameterType is GenericInstanceType { ElementType.FullName: "System.ReadOnlySpan`1" };

    /// <summary>Turns <c>call Task::M(ReadOnlySpan&lt;X&gt;)</c> into <c>stloc tmp; ldloca tmp; call ReadOnlySpan&lt;X&gt;::ToArray(); call Task::M(X[])</c>.</summary>
    /// <remarks>The call instruction itself becomes the <c>stloc</c>, so branches that target it stay correct.</remarks>
    private static void Redirect(MethodDefinition method, Instruction call, MethodReference callee)
    {
        var module = method.Module;
        var openCallee = callee is GenericInstanceMethod g ? g.ElementMethod : callee;
        var openSpan = (GenericInstanceType)openCallee.Parameters[0].ParameterType;
        var spanType = (GenericInstanceType)Substitute(openSpan, callee as GenericInstanceMethod);

        var arrayOverload = new MethodReference(openCallee.Name, openCallee.ReturnType, openCallee.DeclaringType)
        {
            HasThis = false,
        };
        foreach (var parameter in openCallee.GenericParameters)
        {
            arrayOverload.GenericParameters.Add(new GenericParameter(parameter.Name, arrayOverload));
        }

        arrayOverload.Parameters.Add(new ParameterDefinition(new ArrayType(Rebind(openSpan.GenericArguments[0], arrayOverload))));
        if (arrayOverload.HasGenericParameters)
        {
            arrayOverload.ReturnType = Rebind(openCallee.ReturnType, arrayOverload);
        }

        MethodReference target = arrayOverload;
        if (callee is GenericInstanceMethod instance)
        {
            var closed = new GenericInstanceMethod(arrayOverload);
            foreach (var argument in instance.GenericArguments)
            {
                closed.GenericArguments.Add(argument);
            }

            target = closed;
        }

        var toArray = new MethodReference("ToArray", module.TypeSystem.Void, spanType) { HasThis = true };
        var openSpanType = new TypeReference("System", "ReadOnlySpan`1", module, spanType.ElementType.Scope, valueType: true);
        openSpanType.GenericParameters.Add(new GenericParameter("T", openSpanType));
        toArray.ReturnType = new ArrayType(openSpanType.GenericParameters[0]);

        var temp = new VariableDefinition(spanType);
        method.Body.Variables.Add(temp);
        var il = method.Body.GetILProcessor();
        call.OpCode = OpCodes.Stloc;
        call.Operand = temp;
        var load = il.Create(OpCodes.Ldloca, temp);
        var copy = il.Create(OpCodes.Call, module.ImportReference(toArray));
        var invoke = il.Create(OpCodes.Call, module.ImportReference(target));
        il.InsertAfter(call, load);
        il.InsertAfter(load, copy);
        il.InsertAfter(copy, invoke);
    }

    /// <summary>Replaces the method generic parameters (<c>!!0</c>) in <paramref name="type"/> by the call's arguments.</summary>
    private static TypeReference Substitute(TypeReference type, GenericInstanceMethod? call)
    {
        switch (type)
        {
            case GenericParameter { Type: GenericParameterType.Method } parameter when call is not null:
                return call.GenericArguments[parameter.Position];
            case GenericInstanceType generic:
                var result = new GenericInstanceType(generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    result.GenericArguments.Add(Substitute(argument, call));
                }

                return result;
            default:
                return type;
        }
    }

    /// <summary>Rebinds method generic parameters in <paramref name="type"/> to those of <paramref name="owner"/>.</summary>
    private static TypeReference Rebind(TypeReference type, MethodReference owner)
    {
        switch (type)
        {
            case GenericParameter { Type: GenericParameterType.Method } parameter:
                return owner.GenericParameters[parameter.Position];
            case GenericInstanceType generic:
                var result = new GenericInstanceType(generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    result.GenericArguments.Add(Rebind(argument, owner));
                }

                return result;
            case ArrayType array:
                return new ArrayType(Rebind(array.ElementType, owner), array.Rank);
            default:
                return type;
        }
    }
}
