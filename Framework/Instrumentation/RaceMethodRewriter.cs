using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>Rewrites one method for the race pass: plans a hook for each access, suspension and redirected call on the
/// original code, then inserts the hooks.</summary>
/// <remarks>
/// Each hook goes before its instruction, which becomes the first instruction of the inserted sequence while a copy of
/// it follows the sequence: whatever pointed at the instruction (branches, handler boundaries, sequence points) now
/// covers the hook too. A prefix (<c>volatile.</c>, <c>readonly.</c>) stays glued to its instruction: the hook goes
/// before the prefix. Values the hook needs from under the top of the stack are kept in temporaries, one per type.
/// <b>Thread safety:</b> used once, by one pass.
/// </remarks>
internal sealed class RaceMethodRewriter(MethodDefinition method, RaceHookMethods hooks, SourceSites names, RaceCallTable calls, bool recordAccesses)
{
    private readonly MethodBody _body = method.Body;

    private readonly ModuleDefinition _module = method.Module;

    /// <summary>Temporaries by type name.</summary>
    private readonly Dictionary<string, VariableDefinition> _temps = new(StringComparer.Ordinal);

    /// <summary>Code to insert after an instruction: the acquire of an atomic access goes after the <c>Interlocked</c> or
    /// <c>Volatile</c> call, since the call itself may be a scheduling point.</summary>
    private readonly List<(Instruction After, Instruction[] Code)> _after = [];

    /// <summary>Code to insert before an instruction planned from another one: the release of an atomic access goes right
    /// before its <c>Interlocked</c> or <c>Volatile</c> call, after the call's other arguments (which may build the very
    /// object the call publishes) were evaluated.</summary>
    private readonly List<(Instruction Before, Instruction[] Code)> _before = [];

    /// <summary>Accesses hooked in the method.</summary>
    public int HookedAccesses { get; private set; }

    /// <summary>Calls redirected in the method.</summary>
    public int RedirectedCalls { get; private set; }

    /// <summary>Suspension points hooked in the method.</summary>
    public int Suspensions { get; private set; }

    /// <summary>Plans and inserts every hook of the method.</summary>
    public void Rewrite()
    {
        var sites = SourceSites.Of(method);
        var insertions = new List<(Instruction At, Instruction[] Code)>();
        foreach (var instruction in _body.Instructions.ToArray())
        {
            if (Plan(instruction, sites[instruction]) is { } code)
            {
                insertions.Add((Anchor(instruction), code));
            }
        }

        insertions.AddRange(_before.Select(b => (Anchor(b.Before), b.Code)));
        if (insertions.Count == 0 && _after.Count == 0)
        {
            return;
        }

        // Inserted code can push a short branch out of its range: widen every branch first, shorten after. Insertions
        // after an instruction go first: an insertion before an instruction moves it to a new object.
        _body.SimplifyMacros();
        var il = _body.GetILProcessor();
        foreach (var (after, code) in _after)
        {
            var last = after;
            foreach (var instruction in code)
            {
                il.InsertAfter(last, instruction);
                last = instruction;
            }
        }

        foreach (var (at, code) in insertions)
        {
            InsertBefore(at, code);
        }

        _body.OptimizeMacros();
    }

    /// <summary>The code to insert before <paramref name="instruction"/>, if any; a redirected call is changed in place.</summary>
    private Instruction[]? Plan(Instruction instruction, string site)
    {
        switch (instruction.OpCode.Code)
        {
            case Code.Ldfld or Code.Stfld or Code.Ldflda or Code.Ldsfld or Code.Stsfld or Code.Ldsflda
                when recordAccesses && instruction.Operand is FieldReference field && Resolve(field) is { } definition
                    && RacePass.ShouldRecord(definition):
                HookedAccesses++;
                return FieldAccess(instruction, field, names.FieldName(definition), site);
            case Code.Ldelem_I1 or Code.Ldelem_U1 or Code.Ldelem_I2 or Code.Ldelem_U2 or Code.Ldelem_I4 or Code.Ldelem_U4
                or Code.Ldelem_I8 or Code.Ldelem_I or Code.Ldelem_R4 or Code.Ldelem_R8 or Code.Ldelem_Ref or Code.Ldelem_Any
                when recordAccesses:
                HookedAccesses++;
                return ElementAccess(instruction, AddressUse.Read, site);
            case Code.Ldelema when recordAccesses:
                HookedAccesses++;
                var use = AddressUses.Classify(instruction, out var consumer);
                return use >= AddressUse.Acquire ? AtomicElement(instruction, use, consumer, site) : ElementAccess(instruction, use, site);
            case Code.Stelem_I1 or Code.Stelem_I2 or Code.Stelem_I4 or Code.Stelem_I8 or Code.Stelem_I or Code.Stelem_R4
                or Code.Stelem_R8 or Code.Stelem_Ref or Code.Stelem_Any when recordAccesses:
                HookedAccesses++;
                return ElementStore(instruction, site);
            case Code.Call or Code.Callvirt when instruction.Operand is MethodReference callee && !HasPrefix(instruction):
                return Call(instruction, callee, site);
            default:
                return null;
        }
    }

    private Instruction[]? FieldAccess(Instruction instruction, FieldReference field, string key, string site)
    {
        var il = _body.GetILProcessor();
        bool isVolatile = HasPrefix(instruction, Code.Volatile);
        switch (instruction.OpCode.Code)
        {
            case Code.Ldfld:
                return isVolatile ? Atomic(il, key, AtomicKind.Acquire, site) : [il.Create(OpCodes.Dup), .. Access(il, key, site, hooks.Read)];
            case Code.Stfld:
                var value = Temp(FieldValueType(field));
                return
                [
                    il.Create(OpCodes.Stloc, value),
                    .. isVolatile ? Atomic(il, key, AtomicKind.Release, site) : [il.Create(OpCodes.Dup), .. Access(il, key, site, hooks.Write)],
                    il.Create(OpCodes.Ldloc, value),
                ];
            case Code.Ldflda:
                ValueTaskSourceCore(instruction, field);
                var use = AddressUses.Classify(instruction, out var consumer);
                return use switch
                {
                    AddressUse.Read => [il.Create(OpCodes.Dup), .. Access(il, key, site, hooks.Read)],
                    AddressUse.Write => [il.Create(OpCodes.Dup), .. Access(il, key, site, hooks.Write)],
                    _ => AtomicField(il, key, use, consumer, site),
                };
            case Code.Ldsfld:
                return isVolatile ? AtomicStatic(il, key, AtomicKind.Acquire, site) : Access(il, key, site, hooks.ReadStatic);
            case Code.Stsfld:
                return isVolatile ? AtomicStatic(il, key, AtomicKind.Release, site) : Access(il, key, site, hooks.WriteStatic);
            default: // Ldsflda
                var staticUse = AddressUses.Classify(instruction, out var staticConsumer);
                if (staticUse >= AddressUse.Acquire)
                {
                    AroundConsumer(staticConsumer, staticUse, kind => AtomicStatic(il, key, kind, site));
                    return null;
                }

                return Access(il, key, site, staticUse == AddressUse.Write ? hooks.WriteStatic : hooks.ReadStatic);
        }
    }

    /// <summary>Hook for <c>ldelem*</c> and <c>ldelema</c>: the array and index are on the stack.</summary>
    private Instruction[] ElementAccess(Instruction instruction, AddressUse use, string site)
    {
        var il = _body.GetILProcessor();
        var index = Temp(_module.TypeSystem.IntPtr);
        var hook = use == AddressUse.Write ? hooks.WriteElement : hooks.ReadElement;
        return
        [
            il.Create(OpCodes.Stloc, index),
            il.Create(OpCodes.Dup),
            il.Create(OpCodes.Ldloc, index),
            il.Create(OpCodes.Ldstr, site),
            il.Create(OpCodes.Call, hook),
            il.Create(OpCodes.Ldloc, index),
        ];
    }

    /// <summary>Hooks for an <c>ldelema</c> whose address an <c>Interlocked</c> or <c>Volatile</c> call consumes: the array
    /// and index are kept for the acquire after the call.</summary>
    private Instruction[] AtomicElement(Instruction instruction, AddressUse use, Instruction? consumer, string site)
    {
        var il = _body.GetILProcessor();
        var array = NewTemp(_module.ImportReference(typeof(Array)));
        var index = NewTemp(_module.TypeSystem.IntPtr);
        Instruction[] Hook(AtomicKind kind) =>
            [il.Create(OpCodes.Ldloc, array), il.Create(OpCodes.Ldloc, index), il.Create(OpCodes.Ldc_I4, (int)kind), il.Create(OpCodes.Ldstr, site), il.Create(OpCodes.Call, hooks.AtomicElement)];
        AroundConsumer(consumer, use, Hook);
        return
        [
            il.Create(OpCodes.Stloc, index),
            il.Create(OpCodes.Dup),
            il.Create(OpCodes.Stloc, array),
            il.Create(OpCodes.Ldloc, index),
        ];
    }

    /// <summary>Hook for <c>stelem*</c>: the array, index and value are on the stack.</summary>
    private Instruction[] ElementStore(Instruction instruction, string site)
    {
        var il = _body.GetILProcessor();
        var types = _module.TypeSystem;
        var value = Temp(instruction.OpCode.Code switch
        {
            Code.Stelem_I1 or Code.Stelem_I2 or Code.Stelem_I4 => types.Int32,
            Code.Stelem_I8 => types.Int64,
            Code.Stelem_I => types.IntPtr,
            Code.Stelem_R4 => types.Single,
            Code.Stelem_R8 => types.Double,
            Code.Stelem_Ref => types.Object,
            _ => (TypeReference)instruction.Operand,
        });
        var index = Temp(types.IntPtr);
        return
        [
            il.Create(OpCodes.Stloc, value),
            il.Create(OpCodes.Stloc, index),
            il.Create(OpCodes.Dup),
            il.Create(OpCodes.Ldloc, index),
            il.Create(OpCodes.Ldstr, site),
            il.Create(OpCodes.Call, hooks.WriteElement),
            il.Create(OpCodes.Ldloc, index),
            il.Create(OpCodes.Ldloc, value),
        ];
    }

    /// <summary>Redirects a call that a hook replaces, or hooks an async method's suspension.</summary>
    private Instruction[]? Call(Instruction instruction, MethodReference callee, string site)
    {
        var il = _body.GetILProcessor();
        if (calls.TryFind(callee, _module, out var hook, out bool takesSite))
        {
            instruction.OpCode = OpCodes.Call;
            instruction.Operand = hook;
            RedirectedCalls++;
            return takesSite ? [il.Create(OpCodes.Ldstr, site)] : null;
        }

        if (callee.Name is "AwaitUnsafeOnCompleted" or "AwaitOnCompleted"
            && (callee.DeclaringType is GenericInstanceType g ? g.ElementType : callee.DeclaringType).Name.Split('`')[0].EndsWith("MethodBuilder", StringComparison.Ordinal))
        {
            Suspensions++;
            return [il.Create(OpCodes.Ldstr, site), il.Create(OpCodes.Call, hooks.Suspend)];
        }

        return null;
    }

    private static Instruction[] Access(ILProcessor il, string key, string site, MethodReference hook) =>
        [il.Create(OpCodes.Ldstr, key), il.Create(OpCodes.Ldstr, site), il.Create(OpCodes.Call, hook)];

    private Instruction[] Atomic(ILProcessor il, string key, AtomicKind kind, string site) =>
        [il.Create(OpCodes.Dup), il.Create(OpCodes.Ldstr, key), il.Create(OpCodes.Ldc_I4, (int)kind), il.Create(OpCodes.Ldstr, site), il.Create(OpCodes.Call, hooks.Atomic)];

    private Instruction[] AtomicStatic(ILProcessor il, string key, AtomicKind kind, string site) =>
        [il.Create(OpCodes.Ldstr, key), il.Create(OpCodes.Ldc_I4, (int)kind), il.Create(OpCodes.Ldstr, site), il.Create(OpCodes.Call, hooks.AtomicStatic)];

    /// <summary>Hooks for an <c>ldflda</c> whose address an <c>Interlocked</c> or <c>Volatile</c> call consumes: the object
    /// is kept for the release before the call and the acquire after it.</summary>
    private Instruction[] AtomicField(ILProcessor il, string key, AddressUse use, Instruction? consumer, string site)
    {
        var target = NewTemp(_module.TypeSystem.Object);
        Instruction[] Hook(AtomicKind kind) =>
            [il.Create(OpCodes.Ldloc, target), il.Create(OpCodes.Ldstr, key), il.Create(OpCodes.Ldc_I4, (int)kind), il.Create(OpCodes.Ldstr, site), il.Create(OpCodes.Call, hooks.Atomic)];
        AroundConsumer(consumer, use, Hook);
        return [il.Create(OpCodes.Dup), il.Create(OpCodes.Stloc, target)];
    }

    /// <summary>For the address of a <see cref="System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore{TResult}"/>
    /// field, schedules the edge of the value task source that owns it: a release before the core's <c>SetResult</c> or
    /// <c>SetException</c>, an acquire after its <c>GetResult</c> (which the awaiter of the source's value task calls through
    /// the source).</summary>
    private void ValueTaskSourceCore(Instruction address, FieldReference field)
    {
        if (field.FieldType.GetElementType().FullName != "System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore`1")
        {
            return;
        }

        var consumers = AddressUses.Consumers(address);
        if (consumers is not [(var call, 0)] || call.Operand is not MethodReference { Name: "SetResult" or "SetException" or "GetResult" } method)
        {
            return;
        }

        var il = _body.GetILProcessor();
        var owner = NewTemp(_module.TypeSystem.Object);
        _before.Add((address, [il.Create(OpCodes.Dup), il.Create(OpCodes.Stloc, owner)]));
        if (method.Name == "GetResult")
        {
            _after.Add((call, [il.Create(OpCodes.Ldloc, owner), il.Create(OpCodes.Call, hooks.ValueTaskSourceCompleted)]));
        }
        else
        {
            _before.Add((call, [il.Create(OpCodes.Ldloc, owner), il.Create(OpCodes.Call, hooks.ValueTaskSourceCompleting)]));
        }
    }

    /// <summary>Schedules the hooks of an atomic use around its call: the release (of a store or read-modify-write) right
    /// before the call, once its arguments are evaluated; the acquire (of a load or read-modify-write) after it.</summary>
    private void AroundConsumer(Instruction? consumer, AddressUse use, Func<AtomicKind, Instruction[]> hook)
    {
        if (consumer is null)
        {
            return;
        }

        if (use is AddressUse.Release or AddressUse.AcquireRelease)
        {
            _before.Add((consumer, hook(AtomicKind.Release)));
        }

        if (use is AddressUse.Acquire or AddressUse.AcquireRelease)
        {
            _after.Add((consumer, hook(AtomicKind.Acquire)));
        }
    }

    /// <summary>Inserts <paramref name="code"/> before <paramref name="at"/>, which becomes the sequence's first instruction.</summary>
    private void InsertBefore(Instruction at, Instruction[] code)
    {
        var il = _body.GetILProcessor();
        var moved = il.Create(OpCodes.Nop);
        moved.OpCode = at.OpCode;
        moved.Operand = at.Operand;
        at.OpCode = code[0].OpCode;
        at.Operand = code[0].Operand;
        var last = at;
        foreach (var instruction in code.Skip(1).Append(moved))
        {
            il.InsertAfter(last, instruction);
            last = instruction;
        }
    }

    /// <summary>A temporary of its own, for a value kept across other hooked code.</summary>
    private VariableDefinition NewTemp(TypeReference type)
    {
        var temp = new VariableDefinition(type);
        _body.Variables.Add(temp);
        return temp;
    }

    private VariableDefinition Temp(TypeReference type)
    {
        if (!_temps.TryGetValue(type.FullName, out var temp))
        {
            temp = new VariableDefinition(type);
            _body.Variables.Add(temp);
            _temps.Add(type.FullName, temp);
        }

        return temp;
    }

    /// <summary>The type of a field's value as seen by this method: generic parameters of the field's class replaced by the
    /// arguments of the reference, modifiers such as <c>volatile</c>'s dropped.</summary>
    private static TypeReference FieldValueType(FieldReference field) =>
        Substitute(field.FieldType, field.DeclaringType as GenericInstanceType);

    private static TypeReference Substitute(TypeReference type, GenericInstanceType? declaring)
    {
        switch (type)
        {
            case IModifierType modified:
                return Substitute(modified.ElementType, declaring);
            case GenericParameter { Type: GenericParameterType.Type } parameter when declaring is not null:
                return declaring.GenericArguments[parameter.Position];
            case GenericInstanceType generic when declaring is not null:
                var result = new GenericInstanceType(generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    result.GenericArguments.Add(Substitute(argument, declaring));
                }

                return result;
            case ArrayType array when declaring is not null:
                return new ArrayType(Substitute(array.ElementType, declaring), array.Rank);
            default:
                return type;
        }
    }

    private static bool HasPrefix(Instruction instruction, Code? prefix = null)
    {
        for (var previous = instruction.Previous; previous?.OpCode.OpCodeType == OpCodeType.Prefix; previous = previous.Previous)
        {
            if (prefix is null || previous.OpCode.Code == prefix)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The instruction to insert before: <paramref name="instruction"/>, or the first of its prefixes.</summary>
    private static Instruction Anchor(Instruction instruction)
    {
        var anchor = instruction;
        while (anchor.Previous?.OpCode.OpCodeType == OpCodeType.Prefix)
        {
            anchor = anchor.Previous;
        }

        return anchor;
    }

    private static FieldDefinition? Resolve(FieldReference field)
    {
        try
        {
            return field.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }
}
