using System.Threading.Channels;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Weft.Models.Channels;

namespace Weft.Instrumentation;

/// <summary>Redirects every call of <c>Channel.CreateBounded</c>, <c>Channel.CreateUnbounded</c> and
/// <c>Channel.CreateUnboundedPrioritized</c> to <see cref="ChannelModel"/>, which returns a controlled channel model under
/// exploration and the BCL's channel otherwise; and stores the value task of every channel operation in a local, so that
/// Coyote's rewriting of the call is valid.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="System.Threading.Channels"/>. Runs before Coyote's rewriting. Each
/// factory of <see cref="ChannelModel"/> has the signature of the method it stands in for, so the pass only swaps the
/// operand of the <c>call</c> (or <c>ldftn</c>), keeping the call's type argument. The model's own types in Weft.dll call
/// the BCL's factories outside an exploration; they are not redirected.</para>
/// <para>Coyote checks the value task a method of another assembly returns by passing it by reference to a check, which
/// it can only do when the next instruction stores the value task in a local, an argument or a static field; otherwise
/// (<c>return writer.WriteAsync(item);</c>, or the value task passed as an argument) it emits invalid IL and the method
/// throws <see cref="InvalidProgramException"/>. After each call of a <see cref="ChannelReader{T}"/> or
/// <see cref="ChannelWriter{T}"/> method that returns a value task, the pass therefore inserts <c>stloc tmp; ldloc tmp</c>,
/// with branches widened first and shortened after.</para>
/// </remarks>
internal sealed class ChannelPass : InstrumentationPass
{
    private const string ChannelType = "System.Threading.Channels.Channel";
    private const string ReaderType = "System.Threading.Channels.ChannelReader`1";
    private const string WriterType = "System.Threading.Channels.ChannelWriter`1";

    /// <summary>Instructions that store the value on the stack where Coyote's check can take its address.</summary>
    private static readonly HashSet<Code> s_stores = [Code.Stloc_0, Code.Stloc_1, Code.Stloc_2, Code.Stloc_3, Code.Stloc_S, Code.Starg_S, Code.Stsfld];

    public override string Name => "channels";

    /// <summary>The number of calls redirected by the last <see cref="Run"/>.</summary>
    public int Redirected { get; private set; }

    /// <summary>The number of value tasks the last <see cref="Run"/> stored in a new local.</summary>
    public int Stored { get; private set; }

    public override void Run(AssemblyDefinition assembly)
    {
        Redirected = 0;
        Stored = 0;
        var module = assembly.MainModule;
        foreach (var type in module.GetTypes())
        {
            bool isModel = IsModel(type);
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                if (!isModel)
                {
                    Redirect(method);
                }

                StoreValueTasks(method);
            }
        }
    }

    private void Redirect(MethodDefinition method)
    {
        foreach (var instruction in method.Body.Instructions)
        {
            if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Ldftn)
                && instruction.Operand is GenericInstanceMethod callee
                && Replacement(callee) is { } replacement)
            {
                var redirected = new GenericInstanceMethod(method.Module.ImportReference(replacement));
                foreach (var argument in callee.GenericArguments)
                {
                    redirected.GenericArguments.Add(argument);
                }

                instruction.Operand = redirected;
                Redirected++;
            }
        }
    }

    /// <summary>Inserts <c>stloc tmp; ldloc tmp</c> after each channel call whose value task is not stored at once.</summary>
    private void StoreValueTasks(MethodDefinition method)
    {
        var calls = method.Body.Instructions
            .Where(i => (i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt)
                && i.Operand is MethodReference callee
                && IsChannelValueTaskCall(callee)
                && (i.Next is null || !s_stores.Contains(i.Next.OpCode.Code)))
            .ToArray();
        if (calls.Length == 0)
        {
            return;
        }

        // Inserting code can push a short branch out of its range: widen every branch first, shorten after.
        method.Body.SimplifyMacros();
        var il = method.Body.GetILProcessor();
        foreach (var call in calls)
        {
            var callee = (MethodReference)call.Operand;
            var temp = new VariableDefinition(ReturnTypeOf(callee));
            method.Body.Variables.Add(temp);
            var store = il.Create(OpCodes.Stloc, temp);
            il.InsertAfter(call, store);
            il.InsertAfter(store, il.Create(OpCodes.Ldloc, temp));
            Stored++;
        }

        method.Body.OptimizeMacros();
    }

    private static bool IsChannelValueTaskCall(MethodReference callee) =>
        callee.HasThis
        && callee.DeclaringType.GetElementType().FullName is ReaderType or WriterType
        && callee.ReturnType.GetElementType().FullName is "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask`1";

    /// <summary>The call's return type with the declaring type's arguments in place of its parameters (<c>ValueTask&lt;!0&gt;</c>
    /// of <c>ChannelReader&lt;int&gt;.ReadAsync</c> is <c>ValueTask&lt;int&gt;</c>).</summary>
    private static TypeReference ReturnTypeOf(MethodReference callee)
    {
        var returnType = callee.ReturnType;
        if (returnType is not GenericInstanceType generic || callee.DeclaringType is not GenericInstanceType declaring)
        {
            return returnType;
        }

        var closed = new GenericInstanceType(generic.ElementType);
        foreach (var argument in generic.GenericArguments)
        {
            closed.GenericArguments.Add(argument is GenericParameter { Type: GenericParameterType.Type } parameter
                ? declaring.GenericArguments[parameter.Position]
                : argument);
        }

        return closed;
    }

    /// <summary>The model calls the real factories outside an exploration; they must not be redirected to itself.</summary>
    private static bool IsModel(TypeDefinition type) => IsWithinNamespaceOf(type, typeof(ChannelModel));

    /// <summary>The factory of <see cref="ChannelModel"/> (an open generic method) that stands in for
    /// <paramref name="callee"/>, or <see langword="null"/> if it is not one of <see cref="Channel"/>'s factories.</summary>
    private static System.Reflection.MethodInfo? Replacement(GenericInstanceMethod callee)
    {
        if (callee.DeclaringType.FullName != ChannelType || callee.HasThis || callee.GenericArguments.Count != 1)
        {
            return null;
        }

        // The open method's parameters, by the full name of their (open) type: "System.Int32", "System.Action`1", ...
        string[] parameters = callee.ElementMethod.Parameters.Select(p => p.ParameterType.GetElementType().FullName).ToArray();
        return (callee.Name, parameters) switch
        {
            (nameof(Channel.CreateUnbounded), []) => Model(nameof(ChannelModel.CreateUnbounded)),
            (nameof(Channel.CreateUnbounded), [_]) => Model(nameof(ChannelModel.CreateUnbounded), typeof(UnboundedChannelOptions)),
            (nameof(Channel.CreateBounded), ["System.Int32"]) => Model(nameof(ChannelModel.CreateBounded), typeof(int)),
            (nameof(Channel.CreateBounded), [_]) => Model(nameof(ChannelModel.CreateBounded), typeof(BoundedChannelOptions)),
            (nameof(Channel.CreateBounded), [_, _]) => Model(nameof(ChannelModel.CreateBounded), typeof(BoundedChannelOptions), typeof(Action<>)),
            (nameof(Channel.CreateUnboundedPrioritized), []) => Model(nameof(ChannelModel.CreateUnboundedPrioritized)),
            (nameof(Channel.CreateUnboundedPrioritized), [_]) => Model(nameof(ChannelModel.CreateUnboundedPrioritized), typeof(UnboundedPrioritizedChannelOptions<>)),
            _ => null,
        };
    }

    /// <summary>The generic factory <paramref name="name"/> of <see cref="ChannelModel"/> whose parameters' open types are
    /// <paramref name="parameters"/>.</summary>
    private static System.Reflection.MethodInfo Model(string name, params Type[] parameters) =>
        typeof(ChannelModel).GetMethods().SingleOrDefault(m => m.Name == name && m.IsGenericMethodDefinition
            && m.GetParameters().Select(p => p.ParameterType.IsGenericType ? p.ParameterType.GetGenericTypeDefinition() : p.ParameterType).SequenceEqual(parameters))
        ?? throw new InvalidOperationException($"ChannelModel.{name} is missing.");
}
