using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Weft.Instrumentation;

/// <summary>Finds what consumes an address that an instruction pushes, by following the stack forward through straight-line
/// code, and classifies the use (<see cref="AddressUse"/>).</summary>
/// <remarks>
/// The choice for an address is made at the instruction that consumes it: <c>Interlocked.Increment(ref _count)</c> is an
/// atomic access, <c>_point.X = 1</c> a write, <c>_token.ThrowIfCancellationRequested()</c> a read. A method called on a
/// struct field through its address is taken as a read, and so is an address that is stored, returned or carried across a
/// branch: the pass prefers missing a write to reporting a race between reads. <b>Thread safety:</b> stateless.
/// </remarks>
internal static class AddressUses
{
    private const int MaxScan = 64;

    private static readonly HashSet<string> s_interlocked = ["System.Threading.Interlocked", "Microsoft.Coyote.Rewriting.Types.Threading.Interlocked"];

    private static readonly HashSet<string> s_volatile = ["System.Threading.Volatile", "Microsoft.Coyote.Rewriting.Types.Threading.Volatile"];

    /// <summary>Classifies the use of the address that <paramref name="address"/> pushes.</summary>
    /// <param name="address">The instruction that pushes the address.</param>
    /// <param name="consumer">For an atomic use, the <c>Interlocked</c>, <c>Volatile</c> or <c>LazyInitializer</c> call;
    /// otherwise <see langword="null"/>.</param>
    /// <remarks>Follows every copy of the address (<c>arr[i]++</c> duplicates it: a read through one copy, a write through
    /// the other) until the last is consumed, along every path of forward branches (<c>Interlocked.Exchange(ref x, c ? a
    /// : b)</c> evaluates its value argument with branches between the address and the call; paths that join are followed
    /// once). An atomic use wins over a write, a write over a read. A path that returns, throws or leaves a protected
    /// region drops the address (no use); one that loops back, runs too long or meets an instruction whose stack effect is
    /// unknown ends with the use found so far.</remarks>
    public static AddressUse Classify(Instruction address, out Instruction? consumer)
    {
        consumer = null;
        var use = AddressUse.Read;
        foreach (var (instruction, argument) in Consumers(address))
        {
            var found = Consumer(instruction, argument);
            if (found >= AddressUse.Acquire)
            {
                consumer ??= instruction;
            }

            use = found > use ? found : use;
        }

        if (use < AddressUse.Acquire)
        {
            consumer = null;
        }

        return use;
    }

    /// <summary>The instructions that consume a copy of the address that <paramref name="address"/> pushes, each with the
    /// argument it takes the address as (0 for the first), along every path, as <see cref="Classify"/> follows them.</summary>
    public static List<(Instruction Consumer, int Argument)> Consumers(Instruction address)
    {
        var consumers = new List<(Instruction Consumer, int Argument)>();
        var visited = new HashSet<Instruction>();
        var pending = new Stack<(Instruction? At, List<bool> Stack)>();
        pending.Push((address.Next, [true])); // The values pushed since the address, bottom first; true for a copy of it.
        int steps = 0;
        while (pending.Count > 0)
        {
            var (instruction, stack) = pending.Pop();
            while (true)
            {
                if (!stack.Contains(true))
                {
                    break; // Every copy consumed on this path.
                }

                // A join already followed (valid IL has one stack shape per instruction), or a path that drops the address.
                if (instruction is null || !visited.Add(instruction) || steps++ >= MaxScan
                    || instruction.OpCode.FlowControl is FlowControl.Return or FlowControl.Throw
                    || instruction.OpCode.Code is Code.Leave or Code.Leave_S or Code.Endfinally or Code.Endfilter
                    || !TryStackEffect(instruction, out int pops, out int pushes))
                {
                    break;
                }

                bool duplicated = false;
                for (int argument = pops - 1; argument >= 0 && stack.Count > 0; argument--)
                {
                    bool ours = stack[^1];
                    stack.RemoveAt(stack.Count - 1);
                    if (!ours)
                    {
                        continue;
                    }

                    if (instruction.OpCode.Code == Code.Dup)
                    {
                        duplicated = true;
                        continue;
                    }

                    consumers.Add((instruction, argument));
                }

                for (int i = 0; i < pushes; i++)
                {
                    stack.Add(duplicated);
                }

                if (instruction.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch)
                {
                    var targets = instruction.Operand switch
                    {
                        Instruction target => [target],
                        Instruction[] table => table,
                        _ => [],
                    };
                    if (targets.Any(t => t.Offset <= instruction.Offset))
                    {
                        break; // A loop: not an argument expression.
                    }

                    foreach (var target in targets)
                    {
                        pending.Push((target, [.. stack]));
                    }

                    if (instruction.OpCode.FlowControl == FlowControl.Branch)
                    {
                        break;
                    }
                }

                instruction = instruction.Next;
            }
        }

        return consumers;
    }

    /// <summary>How many values <paramref name="instruction"/> pops and pushes; false when it cannot be told.</summary>
    public static bool TryStackEffect(Instruction instruction, out int pops, out int pushes)
    {
        var op = instruction.OpCode;
        var method = instruction.Operand as IMethodSignature;
        pops = op.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
                or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8
                or StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            StackBehaviour.Varpop when method is not null =>
                method.Parameters.Count + (method.HasThis && op.Code != Code.Newobj ? 1 : 0) + (op.Code == Code.Calli ? 1 : 0),
            _ => -1,
        };
        pushes = op.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or StackBehaviour.Pushr8
                or StackBehaviour.Pushref => 1,
            StackBehaviour.Push1_push1 => 2,
            StackBehaviour.Varpush when method is not null => op.Code == Code.Newobj || method.ReturnType.MetadataType != MetadataType.Void ? 1 : 0,
            _ => -1,
        };
        return pops >= 0 && pushes >= 0;
    }

    private static AddressUse Consumer(Instruction consumer, int argument)
    {
        switch (consumer.OpCode.Code)
        {
            case Code.Stfld or Code.Stobj or Code.Initobj or Code.Stind_I or Code.Stind_I1 or Code.Stind_I2 or Code.Stind_I4
                or Code.Stind_I8 or Code.Stind_R4 or Code.Stind_R8 or Code.Stind_Ref or Code.Initblk:
                return argument == 0 ? AddressUse.Write : AddressUse.Read;
            case Code.Cpobj or Code.Cpblk:
                return argument == 0 ? AddressUse.Write : AddressUse.Read;
            case Code.Call or Code.Callvirt or Code.Newobj when consumer.Operand is MethodReference method:
                return Argument(method, consumer.OpCode.Code == Code.Newobj ? argument : argument - (method.HasThis ? 1 : 0));
            default:
                return AddressUse.Read;
        }
    }

    private static AddressUse Argument(MethodReference method, int parameter)
    {
        string declaring = method.DeclaringType.FullName;
        if (parameter == 0 && s_interlocked.Contains(declaring))
        {
            return method.Name == "Read" ? AddressUse.Acquire : AddressUse.AcquireRelease;
        }

        if (parameter == 0 && s_volatile.Contains(declaring))
        {
            return method.Name == "Write" ? AddressUse.Release : AddressUse.Acquire;
        }

        if (declaring == "System.Threading.LazyInitializer")
        {
            return AddressUse.AcquireRelease;
        }

        if (parameter < 0 || parameter >= method.Parameters.Count)
        {
            return AddressUse.Read; // A method called on the struct through its address.
        }

        var definition = Resolve(method)?.Parameters[parameter] ?? method.Parameters[parameter];
        if (definition.IsOut)
        {
            return AddressUse.Write;
        }

        bool readOnly = definition.IsIn
            || definition.ParameterType is RequiredModifierType { ModifierType.FullName: "System.Runtime.InteropServices.InAttribute" }
            || definition.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsReadOnlyAttribute");
        return readOnly ? AddressUse.Read : AddressUse.Write;
    }

    private static MethodDefinition? Resolve(MethodReference method)
    {
        try
        {
            return method.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }
}
