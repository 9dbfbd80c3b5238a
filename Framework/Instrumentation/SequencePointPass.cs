using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Weft.Instrumentation;

/// <summary>Moves each sequence point that sits on a call onto a <c>nop</c> just before the call, so that Coyote's
/// rewriting, which replaces calls with new instructions, does not drop the source line.</summary>
/// <remarks>
/// Coyote 1.7.11 replaces a call to, say, <c>Task.Yield</c> by a new instruction calling its controlled counterpart, and
/// the sequence point of the old instruction is lost: a statement such as <c>await Task.Yield();</c> then has no line, and
/// race reports name the line before it. Runs before Coyote's rewriting. The call keeps its identity as the <c>nop</c>,
/// so branches and exception handlers that pointed at it still do; the added <c>nop</c> changes no behaviour.
/// </remarks>
internal sealed class SequencePointPass : InstrumentationPass
{
    public override string Name => "sequence-points";

    public override void Run(AssemblyDefinition assembly)
    {
        foreach (var method in assembly.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody && m.DebugInformation.HasSequencePoints))
        {
            var il = method.Body.GetILProcessor();
            var calls = method.DebugInformation.GetSequencePointMapping()
                .Where(p => !p.Value.IsHidden && p.Key.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj && !IsPrefixed(p.Key))
                .Select(p => p.Key)
                .ToArray();
            foreach (var instruction in calls)
            {
                var call = il.Create(OpCodes.Nop);
                call.OpCode = instruction.OpCode;
                call.Operand = instruction.Operand;
                instruction.OpCode = OpCodes.Nop;
                instruction.Operand = null;
                il.InsertAfter(instruction, call);
            }
        }
    }

    private static bool IsPrefixed(Instruction instruction) => instruction.Previous?.OpCode.OpCodeType == OpCodeType.Prefix;
}
