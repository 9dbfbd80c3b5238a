using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Exploration;
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
