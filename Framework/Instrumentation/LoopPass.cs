using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Weft.Instrumentation;

/// <summary>Inserts a call of <see cref="LoopHooks.BackEdge"/> before every backward jump, so that a loop that never
/// reaches a scheduling point (a spin-wait) can be preempted, and reported as a hang with its source line when it never
/// ends.</summary>
/// <remarks>
/// <para>A backward jump is a branch (conditional or not, <c>leave</c> included) whose target comes at or before it: the
/// end of an iteration of a <c>while</c>, <c>do</c>, <c>for</c> or <c>foreach</c> loop, or of a <c>goto</c> loop.
/// <c>switch</c> tables are left alone. The branch keeps its identity as the first instruction of the inserted sequence
/// (<c>ldstr site; call BackEdge; branch</c>), so that jumps to it, exception handler bounds and its sequence point now
/// cover the hook too, and the evaluation stack under the branch's operands is untouched. Short branches are widened
/// before and shortened after.</para>
/// <para>Skipped: Weft's own assembly (its loops wait through scheduling points of their own) and types marked with
/// Coyote's <c>SkipRewriting</c> attribute, or nested in one. Runs before Coyote's rewriting.</para>
/// </remarks>
internal sealed class LoopPass : InstrumentationPass
{
    public override string Name => "loops";

    /// <summary>Backward jumps hooked by the last <see cref="Run"/>.</summary>
    public int HookedJumps { get; private set; }

    public override void Run(AssemblyDefinition assembly)
    {
        HookedJumps = 0;
        if (assembly.Name.Name == typeof(LoopHooks).Assembly.GetName().Name)
        {
            return;
        }

        var module = assembly.MainModule;
        var hook = module.ImportReference(typeof(LoopHooks).GetMethod(nameof(LoopHooks.BackEdge), [typeof(string)])
            ?? throw new InvalidOperationException("LoopHooks.BackEdge is missing."));
        foreach (var method in module.GetTypes().Where(t => !IsSkipped(t)).SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            HookedJumps += Rewrite(method, hook);
        }
    }

    private static int Rewrite(MethodDefinition method, MethodReference hook)
    {
        var body = method.Body;
        var index = new Dictionary<Instruction, int>();
        for (int i = 0; i < body.Instructions.Count; i++)
        {
            index[body.Instructions[i]] = i;
        }

        var jumps = body.Instructions
            .Where(i => i.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch
                && i.Operand is Instruction target && index[target] <= index[i])
            .ToArray();
        if (jumps.Length == 0)
        {
            return 0;
        }

        var sites = SourceSites.Of(method);
        body.SimplifyMacros();
        var il = body.GetILProcessor();
        foreach (var jump in jumps)
        {
            // The jump becomes the hook's first instruction, and a copy of it follows the hook.
            var branch = il.Create(OpCodes.Nop);
            branch.OpCode = jump.OpCode;
            branch.Operand = jump.Operand;
            jump.OpCode = OpCodes.Ldstr;
            jump.Operand = sites[jump];
            var call = il.Create(OpCodes.Call, hook);
            il.InsertAfter(jump, call);
            il.InsertAfter(call, branch);
        }

        body.OptimizeMacros();
        return jumps.Length;
    }

    private static bool IsSkipped(TypeDefinition type)
    {
        for (TypeDefinition? current = type; current is not null; current = current.DeclaringType)
        {
            if (current.CustomAttributes.Any(a => a.AttributeType.FullName == "Microsoft.Coyote.Rewriting.SkipRewritingAttribute"))
            {
                return true;
            }
        }

        return false;
    }
}
