using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Instrumentation;

namespace Weft.Tests.Instrumentation;

public sealed class LoopPassTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-loop-pass-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BuildStep_ThisTestAssembly_HooksEveryBackwardJump()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(LoopPassTests).Assembly.Location);

        var methods = assembly.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToArray();
        var unhooked = methods
            .SelectMany(m => BackwardJumps(m.Body).Select(jump => (Method: m, Jump: jump)))
            .Where(x => !IsHooked(x.Jump))
            .Select(x => $"{x.Method.FullName}: {x.Jump}")
            .ToArray();

        Assert.Empty(unhooked);
        Assert.Contains(methods, m => m.Name == nameof(CountDown) && BackwardJumps(m.Body).Any());
    }

    [Fact]
    public void BuildStep_ALoopInThisAssembly_NamesItsSourceLine()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(LoopPassTests).Assembly.Location);

        var method = assembly.MainModule.GetType(typeof(LoopPassTests).FullName).Methods.Single(m => m.Name == nameof(CountDown));
        var jump = Assert.Single(BackwardJumps(method.Body));

        Assert.Matches(@"^LoopPassTests\.cs:\d+ \(LoopPassTests\.CountDown\)$", (string)Hook(jump)!.Operand);
        Assert.Equal(0, CountDown(1_000));
    }

    [Fact]
    public void Run_JumpToItself_LoopsThroughTheHook()
    {
        var (assembly, method) = CreateMethod("SelfLoop");
        using (assembly)
        {
            var il = method.Body.GetILProcessor();
            var loop = il.Create(OpCodes.Nop);
            loop.OpCode = OpCodes.Br_S;
            loop.Operand = loop;
            il.Append(loop);

            var pass = new LoopPass();
            pass.Run(assembly);

            Assert.Equal(1, pass.HookedJumps);
            var instructions = method.Body.Instructions;
            Assert.Equal([Code.Ldstr, Code.Call, Code.Br_S], instructions.Select(i => i.OpCode.Code));
            Assert.Same(instructions[0], instructions[2].Operand);
            Assert.Equal(nameof(LoopHooks.BackEdge), ((MethodReference)instructions[1].Operand).Name);
        }
    }

    [Fact]
    public void Run_LoopInsideATryBlock_KeepsTheHookAndTheJumpInsideIt()
    {
        string path = Path.Combine(_folder, "TryLoop.dll");
        var (assembly, method) = CreateMethod("TryLoop", typeof(int));
        using (assembly)
        {
            // int i = 0; try { do { i++; } while (i < n); } finally { } return i;
            var module = assembly.MainModule;
            method.Parameters.Add(new ParameterDefinition("n", Mono.Cecil.ParameterAttributes.None, module.TypeSystem.Int32));
            method.Body.Variables.Add(new VariableDefinition(module.TypeSystem.Int32));
            var il = method.Body.GetILProcessor();
            var tryStart = il.Create(OpCodes.Ldloc_0);
            var handler = il.Create(OpCodes.Endfinally);
            var end = il.Create(OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Stloc_0);
            il.Append(tryStart);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc_0);
            il.Emit(OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Blt_S, tryStart);
            il.Emit(OpCodes.Leave_S, end);
            il.Append(handler);
            il.Append(end);
            il.Emit(OpCodes.Ret);
            method.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
            {
                TryStart = tryStart,
                TryEnd = handler,
                HandlerStart = handler,
                HandlerEnd = end,
            });

            new LoopPass().Run(assembly);
            assembly.Write(path);
        }

        var run = Assembly.LoadFile(path).GetType("Probe.Loops")!.GetMethod("TryLoop")!;
        Assert.Equal(5_000, run.Invoke(null, [5_000]));
        using var written = AssemblyDefinition.ReadAssembly(path);
        var body = written.MainModule.GetType("Probe.Loops").Methods.Single().Body;
        var jump = Assert.Single(BackwardJumps(body));
        Assert.True(IsHooked(jump));
        var block = body.ExceptionHandlers.Single();
        Assert.True(jump.Offset < block.TryEnd.Offset && Hook(jump)!.Offset > block.TryStart.Offset, "the hook and the jump stay in the try block");
    }

    [Fact]
    public void Run_WeftItself_IsLeftAlone()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(LoopHooks).Assembly.Location, new ReaderParameters { InMemory = true });
        var pass = new LoopPass();

        pass.Run(assembly);

        Assert.Equal(0, pass.HookedJumps);
    }

    private static int CountDown(int n)
    {
        while (n > 0)
        {
            n--;
        }

        return n;
    }

    private static (AssemblyDefinition Assembly, MethodDefinition Method) CreateMethod(string name, Type? returns = null)
    {
        var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
        var module = assembly.MainModule;
        var type = new TypeDefinition("Probe", "Loops", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Class, module.TypeSystem.Object);
        var method = new MethodDefinition(name, Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static,
            returns is null ? module.TypeSystem.Void : module.ImportReference(returns));
        type.Methods.Add(method);
        module.Types.Add(type);
        return (assembly, method);
    }

    private static IEnumerable<Instruction> BackwardJumps(Mono.Cecil.Cil.MethodBody body)
    {
        var index = body.Instructions.Select((instruction, i) => (instruction, i)).ToDictionary(x => x.instruction, x => x.i);
        return body.Instructions.Where(i => i.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch
            && i.Operand is Instruction target && index[target] <= index[i]);
    }

    /// <summary>Whether <c>ldstr site; call LoopHooks.BackEdge</c> comes right before the jump, or before the no-op scheduling
    /// point Coyote's rewriting puts before every conditional branch.</summary>
    private static bool IsHooked(Instruction jump) => Hook(jump) is not null;

    private static Instruction? Hook(Instruction jump)
    {
        var call = jump.Previous;
        if (call is { OpCode.Code: Code.Call, Operand: MethodReference { Name: "InterleaveControlFlow" } coyote }
            && coyote.DeclaringType.FullName == "Microsoft.Coyote.Runtime.SchedulingPoint")
        {
            call = call.Previous;
        }

        return call is { OpCode.Code: Code.Call, Operand: MethodReference { Name: nameof(LoopHooks.BackEdge) } callee }
            && callee.DeclaringType.FullName == typeof(LoopHooks).FullName
            && call.Previous is { OpCode.Code: Code.Ldstr } site
            ? site
            : null;
    }
}
