using System.Diagnostics;
using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Instrumentation;
using Weft.Time;

namespace Weft.Tests.Instrumentation;

public sealed class TimePassTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-time-pass-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> RedirectedMembers() => [.. TimePass.Redirections.Select(r => Describe(r.Original))];

    [Theory]
    [MemberData(nameof(RedirectedMembers))]
    public void Redirections_EveryModelMethod_KeepsTheEvaluationStack(string member)
    {
        var (original, replacement) = TimePass.Redirections.Single(r => Describe(r.Original) == member);

        var expectedParameters = original.GetParameters().Select(p => p.ParameterType);
        if (original is MethodInfo { IsStatic: false })
        {
            expectedParameters = expectedParameters.Prepend(original.DeclaringType!);
        }

        Type expectedReturn = original is ConstructorInfo ? original.DeclaringType! : ((MethodInfo)original).ReturnType;
        Assert.True(replacement.IsStatic && replacement.IsPublic, $"{replacement.DeclaringType!.Name}.{replacement.Name} must be public and static");
        Assert.Equal(expectedParameters, replacement.GetParameters().Select(p => p.ParameterType));
        Assert.Equal(expectedReturn, replacement.ReturnType);
    }

    [Fact]
    public void BuildStep_ThisTestAssembly_CallsNoRedirectedMemberDirectly()
    {
        var redirected = TimePass.Redirections.Select(r => Describe(r.Original)).ToHashSet();
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(TimePassTests).Assembly.Location);

        var direct = assembly.MainModule.GetTypes()
            .SelectMany(t => t.Methods.Where(m => m.HasBody))
            .SelectMany(m => m.Body.Instructions.Select(i => (Method: m, Instruction: i)))
            .Where(x => x.Instruction.OpCode.FlowControl == FlowControl.Call && x.Instruction.Operand is MethodReference callee && redirected.Contains(Describe(callee)))
            .Select(x => $"{x.Method.FullName}: {x.Instruction}")
            .ToArray();

        Assert.Empty(direct);
    }

    [Fact]
    public void BuildStep_WeftAssembly_KeepsTheRealClockInTheModelsAndTheExplorer()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(TimePass).Assembly.Location);

        Assert.Contains("System.DateTime::get_UtcNow", CalleesOf(assembly, "Weft.Time.ClockModel", nameof(ClockModel.DateTimeUtcNow)));
        Assert.Contains("System.Diagnostics.Stopwatch::StartNew", CalleesOf(assembly, "Weft.Exploration.ExplorationLoop", "Explore"));
    }

    [Fact]
    public void Run_CallsAndConstructions_BecomeCallsOfTheModels()
    {
        string path = Path.Combine(_folder, "Clocks.dll");
        using (var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("Clocks", new Version(1, 0)), "Clocks", ModuleKind.Dll))
        {
            var module = assembly.MainModule;
            var type = new TypeDefinition("Probe", "Clocks", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Class, module.TypeSystem.Object);
            var method = new MethodDefinition("Run", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Void);
            var il = method.Body.GetILProcessor();
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Ldc_I4_M1);
            il.Emit(OpCodes.Newobj, module.ImportReference(typeof(Timer).GetConstructor([typeof(TimerCallback), typeof(object), typeof(int), typeof(int)])));
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Call, module.ImportReference(typeof(Stopwatch).GetMethod(nameof(Stopwatch.StartNew))));
            il.Emit(OpCodes.Callvirt, module.ImportReference(typeof(Stopwatch).GetProperty(nameof(Stopwatch.Elapsed))!.GetMethod));
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Call, module.ImportReference(typeof(Task).GetMethod(nameof(Task.Delay), [typeof(int)])));
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Call, module.ImportReference(typeof(DateTime).GetProperty(nameof(DateTime.Today))!.GetMethod));
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ret);
            type.Methods.Add(method);
            module.Types.Add(type);
            var pass = new TimePass();
            pass.Run(assembly);
            Assert.Equal(4, pass.Redirected);
            assembly.Write(path);
        }

        using var written = AssemblyDefinition.ReadAssembly(path);
        var callees = written.MainModule.GetType("Probe.Clocks").Methods.Single().Body.Instructions
            .Where(i => i.OpCode.FlowControl == FlowControl.Call)
            .Select(i => $"{i.OpCode} {((MethodReference)i.Operand).DeclaringType.Name}::{((MethodReference)i.Operand).Name}")
            .ToArray();
        Assert.Equal(
            ["call TimerModel::Create", "call StopwatchModel::StartNew", "call StopwatchModel::Elapsed", "call DelayModel::Delay", "call DateTime::get_Today"],
            callees);
    }

    private static IEnumerable<string> CalleesOf(AssemblyDefinition assembly, string type, string method) =>
        assembly.MainModule.GetType(type).Methods.Where(m => m.Name == method && m.HasBody)
            .SelectMany(m => m.Body.Instructions)
            .Where(i => i.Operand is MethodReference)
            .Select(i => $"{((MethodReference)i.Operand).DeclaringType.FullName}::{((MethodReference)i.Operand).Name}");

    private static string Describe(MethodBase method) =>
        $"{method.DeclaringType!.FullName}::{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName))})";

    private static string Describe(MethodReference method) =>
        $"{method.DeclaringType.FullName}::{method.Name}({string.Join(",", method.Parameters.Select(p => p.ParameterType.FullName))})";
}
