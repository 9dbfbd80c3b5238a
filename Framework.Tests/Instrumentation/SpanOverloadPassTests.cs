using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Exploration;
using Weft.Instrumentation;
using Weft.Reporting;

namespace Weft.Tests.Instrumentation;

public sealed class SpanOverloadPassTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-span-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void BuildStep_ThisTestAssembly_HasNoSpanOverloadCallsLeft()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(SpanOverloadPassTests).Assembly.Location);

        var spanCalls = assembly.MainModule.GetTypes()
            .SelectMany(t => t.Methods.Where(m => m.HasBody))
            .SelectMany(m => m.Body.Instructions)
            .Where(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference { Name: "WhenAll" or "WhenAny" or "WaitAll" or "WaitAny" } callee
                && callee.Parameters.Any(p => p.ParameterType.FullName.StartsWith("System.ReadOnlySpan`1", StringComparison.Ordinal)))
            .ToArray();

        Assert.Empty(spanCalls);
    }

    [Fact]
    public void Explore_WaitAllOfTwoTasksInOppositeLockOrder_IsADeadlockNotAPotentialHang()
    {
        var report = Explorer.Explore(WaitAllDeadlock, new ExplorationOptions { Seed = 2, Strategy = StrategyKind.Random, TraceDirectory = _traces });

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.StartsWith("Deadlock detected.", bug.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_WhenAllAndWhenAnyWithGenericResults_ReturnTheRightValues()
    {
        var report = Explorer.Explore(async () =>
        {
            int[] sums = await Task.WhenAll(Task.Run(() => 1), Task.Run(() => 2));
            Task<int> first = await Task.WhenAny(Task.Run(() => 3), Task.Run(() => 3));
            Check.Equal(3, sums.Sum(), "sum of WhenAll results");
            Check.Equal(3, await first, "WhenAny winner");
        }, new ExplorationOptions { Seed = 2, Iterations = 30, Strategy = StrategyKind.Random, TraceDirectory = _traces });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Run_ShortBranchOverManyRedirectedCalls_KeepsTheBranchTarget()
    {
        string path = Path.Combine(_traces, "Branches.dll");
        using (var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("Branches", new Version(1, 0)), "Branches", ModuleKind.Dll))
        {
            var module = assembly.MainModule;
            var type = new TypeDefinition("Probe", "Branches", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Class, module.TypeSystem.Object);
            var method = new MethodDefinition("Run", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Void);
            method.Body.Variables.Add(new VariableDefinition(module.ImportReference(typeof(ReadOnlySpan<Task>))));
            var whenAll = module.ImportReference(typeof(Task).GetMethod(nameof(Task.WhenAll), [typeof(ReadOnlySpan<Task>)]));
            var il = method.Body.GetILProcessor();
            var end = il.Create(OpCodes.Ret);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Brfalse_S, end);
            for (int i = 0; i < 12; i++)
            {
                // 7 bytes each before the pass, 16 after: the short branch must be widened.
                il.Emit(OpCodes.Ldloc_0);
                il.Emit(OpCodes.Call, whenAll);
                il.Emit(OpCodes.Pop);
            }

            il.Append(end);
            type.Methods.Add(method);
            module.Types.Add(type);
            var pass = new SpanOverloadPass();
            pass.Run(assembly);
            Assert.Equal(12, pass.Redirected);
            assembly.Write(path);
        }

        using var written = AssemblyDefinition.ReadAssembly(path);
        var body = written.MainModule.GetType("Probe.Branches").Methods.Single().Body;
        var branch = body.Instructions[1];
        Assert.Equal(Code.Brfalse, branch.OpCode.Code);
        Assert.Same(body.Instructions[^1], branch.Operand);
        Assert.Equal(12, body.Instructions.Count(i => i.Operand is MethodReference { Name: "ToArray" }));
    }

    private static void WaitAllDeadlock()
    {
        object a = new(), b = new();
        var first = Task.Run(() =>
        {
            lock (a)
            {
                lock (b)
                {
                }
            }
        });
        var second = Task.Run(() =>
        {
            lock (b)
            {
                lock (a)
                {
                }
            }
        });
        Task.WaitAll(first, second);
    }
}
