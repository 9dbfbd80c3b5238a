using System.Threading.Channels;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Exploration;
using Weft.Instrumentation;

namespace Weft.Tests.Instrumentation;

public sealed class ChannelPassTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-channel-pass-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Explore_ChannelsCreatedInThisAssembly_AreTheModel()
    {
        var types = new List<string>();
        var report = Explorer.Explore(() => types.AddRange(CreateWithEveryFactory().Select(c => c.GetType().Assembly.GetName().Name!)),
            new ExplorationOptions { Iterations = 1, TraceDirectory = _folder });

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(Enumerable.Repeat("Weft", 8), types);
    }

    [Fact]
    public void CreateBounded_OutsideExploration_IsTheBclChannel()
    {
        var channels = CreateWithEveryFactory();

        Assert.All(channels, c => Assert.Equal(typeof(Channel).Assembly, c.GetType().Assembly));
    }

    [Fact]
    public void BuildStep_ThisTestAssembly_HasNoChannelFactoryCallsLeft()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(ChannelPassTests).Assembly.Location);

        var calls = assembly.MainModule.GetTypes()
            .SelectMany(t => t.Methods.Where(m => m.HasBody))
            .SelectMany(m => m.Body.Instructions)
            .Where(i => i.Operand is MethodReference { DeclaringType.FullName: "System.Threading.Channels.Channel" })
            .ToArray();

        Assert.Empty(calls);
    }

    /// <summary>Without the pass, Coyote's rewriting turns a value task returned (or passed on) without being stored into
    /// invalid IL, and these methods would throw <see cref="InvalidProgramException"/>.</summary>
    [Fact]
    public async Task Explore_ValueTasksOfChannelCallsReturnedOrPassedOn_RunUnderAndOutsideExploration()
    {
        static async Task UseAsync()
        {
            var channel = Channel.CreateBounded<int>(1);
            await WriteAsync(channel.Writer, 7);
            Check.Equal(7, await Result(channel.Reader.ReadAsync()), "item read");
            Check.That(await Result(channel.Writer.WaitToWriteAsync()), "the channel has room");
        }

        await UseAsync();
        var report = Explorer.Explore(UseAsync, new ExplorationOptions { Iterations = 10, TraceDirectory = _folder });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Run_GenericFactoryCallAndMethodGroup_RedirectsWithTheCallsTypeArgument()
    {
        using var assembly = CreateAssembly("Factories", (module, il) =>
        {
            var createBounded = module.ImportReference(typeof(Channel).GetMethod(nameof(Channel.CreateBounded), [typeof(int)])!.MakeGenericMethod(typeof(string)));
            var createUnbounded = module.ImportReference(typeof(Channel).GetMethod(nameof(Channel.CreateUnbounded), Type.EmptyTypes)!.MakeGenericMethod(typeof(int)));
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Call, createBounded);
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ldftn, createUnbounded);
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ret);
        });
        var pass = new ChannelPass();

        pass.Run(assembly);

        Assert.Equal(2, pass.Redirected);
        var targets = Body(assembly).Instructions.Select(i => i.Operand).OfType<GenericInstanceMethod>().ToArray();
        Assert.Equal(
            ["Weft.Models.Channels.ChannelModel::CreateBounded<System.String>(System.Int32)", "Weft.Models.Channels.ChannelModel::CreateUnbounded<System.Int32>()"],
            targets.Select(t => $"{t.DeclaringType.FullName}::{t.Name}<{t.GenericArguments.Single().FullName}>({string.Join(',', t.ElementMethod.Parameters.Select(p => p.ParameterType.FullName))})"));
    }

    [Fact]
    public void Run_ShortBranchOverManyUnstoredValueTasks_StoresEachAndKeepsTheBranchTarget()
    {
        string path = Path.Combine(_folder, "Stores.dll");
        using (var assembly = CreateAssembly("Stores", (module, il) =>
        {
            var writeAsync = module.ImportReference(typeof(ChannelWriter<int>).GetMethod(nameof(ChannelWriter<int>.WriteAsync))!);
            var token = new VariableDefinition(module.ImportReference(typeof(CancellationToken)));
            il.Body.Variables.Add(token);
            var end = il.Create(OpCodes.Ret);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Brfalse_S, end);
            for (int i = 0; i < 12; i++)
            {
                // 10 bytes each before the pass, at least 14 after: the short branch must be widened.
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ldloc_0);
                il.Emit(OpCodes.Callvirt, writeAsync);
                il.Emit(OpCodes.Pop);
            }

            il.Append(end);
        }))
        {
            var pass = new ChannelPass();
            pass.Run(assembly);
            Assert.Equal(12, pass.Stored);
            assembly.Write(path);
        }

        using var written = AssemblyDefinition.ReadAssembly(path);
        var body = Body(written);
        var branch = body.Instructions[1];
        Assert.Equal(Code.Brfalse, branch.OpCode.Code);
        Assert.Same(body.Instructions[^1], branch.Operand);
        Assert.All(body.Instructions.Where(i => i.OpCode == OpCodes.Callvirt), call =>
        {
            Assert.True(call.Next.OpCode.Code is Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3 or Code.Stloc_S, call.Next.ToString());
            Assert.Equal("System.Threading.Tasks.ValueTask", ((VariableReference)(call.Next.Operand ?? body.Variables[call.Next.OpCode.Code - Code.Stloc_0])).VariableType.FullName);
        });
    }

    private static Channel<int>[] CreateWithEveryFactory()
    {
        Func<int, Channel<int>> methodGroup = Channel.CreateBounded<int>;
        return
        [
            Channel.CreateBounded<int>(1),
            Channel.CreateBounded<int>(new BoundedChannelOptions(2)),
            Channel.CreateBounded<int>(new BoundedChannelOptions(2) { FullMode = BoundedChannelFullMode.DropOldest }, _ => { }),
            Channel.CreateUnbounded<int>(),
            Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true }),
            Channel.CreateUnboundedPrioritized<int>(),
            Channel.CreateUnboundedPrioritized(new UnboundedPrioritizedChannelOptions<int>()),
            methodGroup(3),
        ];
    }

    private static ValueTask WriteAsync(ChannelWriter<int> writer, int item) => writer.WriteAsync(item);

    private static Task<T> Result<T>(ValueTask<T> operation) => operation.AsTask();

    private static AssemblyDefinition CreateAssembly(string name, Action<ModuleDefinition, ILProcessor> emit)
    {
        var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
        var module = assembly.MainModule;
        var type = new TypeDefinition("Probe", name, Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Class, module.TypeSystem.Object);
        var method = new MethodDefinition("Run", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Void);
        type.Methods.Add(method);
        module.Types.Add(type);
        emit(module, method.Body.GetILProcessor());
        return assembly;
    }

    private static Mono.Cecil.Cil.MethodBody Body(AssemblyDefinition assembly) =>
        assembly.MainModule.Types.Single(t => t.Namespace == "Probe").Methods.Single().Body;
}
