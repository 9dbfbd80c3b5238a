using System.Runtime.CompilerServices;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Weft.Instrumentation;

/// <summary>Calls <see cref="TaskHooks"/> after every call that starts a task (<c>Task.Run</c>, <c>StartNew</c>, a call of an
/// <c>async</c> method returning a task) and before every <c>await</c> of a task, passing the source site.</summary>
/// <remarks>
/// A start is described as <c>Callee.Method at Type.Method (File.cs:line)</c>, an await site as
/// <c>Type.Method (File.cs:line)</c>, from the nearest sequence point of the PDB, with the file name only so
/// that reports are the same on every machine. Runs before Coyote's rewriting, on user code only: Weft's own assembly is
/// skipped.
/// </remarks>
internal sealed class TaskTrackingPass : InstrumentationPass
{
    private const string TaskType = "System.Threading.Tasks.Task";
    private const string GenericTaskType = "System.Threading.Tasks.Task`1";

    public override string Name => "task-tracking";

    public override void Run(AssemblyDefinition assembly)
    {
        if (assembly.Name.Name == typeof(TaskHooks).Assembly.GetName().Name)
        {
            return;
        }

        var module = assembly.MainModule;
        var started = module.ImportReference(typeof(TaskHooks).GetMethod(nameof(TaskHooks.Started)));
        var awaiting = module.ImportReference(typeof(TaskHooks).GetMethod(nameof(TaskHooks.Awaiting)));
        var awaitingValue = module.ImportReference(typeof(TaskHooks).GetMethod(nameof(TaskHooks.AwaitingValue)));
        foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            var starts = new List<Instruction>();
            var awaits = new List<Instruction>();
            var valueAwaits = new List<Instruction>();
            foreach (var instruction in method.Body.Instructions)
            {
                if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt) && instruction.Operand is MethodReference callee)
                {
                    if (IsGetAwaiterOfTask(callee))
                    {
                        awaits.Add(instruction);
                    }
                    else if (IsGetAwaiterOfValueTask(callee))
                    {
                        valueAwaits.Add(instruction);
                    }
                    else if (StartsTask(callee))
                    {
                        starts.Add(instruction);
                    }
                }
            }

            if (starts.Count == 0 && awaits.Count == 0 && valueAwaits.Count == 0)
            {
                continue;
            }

            method.Body.SimplifyMacros();
            var il = method.Body.GetILProcessor();
            foreach (var call in starts)
            {
                // The started task is on the stack: keep it, and pass a copy to the hook.
                var callee = (MethodReference)call.Operand;
                string site = $"{callee.DeclaringType.Name.Split('`')[0]}.{callee.Name} at {Site(method, call)}";
                var hook = il.Create(OpCodes.Call, started);
                il.InsertAfter(call, hook);
                il.InsertAfter(call, il.Create(OpCodes.Ldstr, site));
                il.InsertAfter(call, il.Create(OpCodes.Dup));
            }

            foreach (var call in awaits)
            {
                string site = Site(method, call);
                string what = Describe(call);
                il.InsertBefore(call, il.Create(OpCodes.Dup));
                il.InsertBefore(call, il.Create(OpCodes.Ldstr, site));
                il.InsertBefore(call, il.Create(OpCodes.Ldstr, what));
                il.InsertBefore(call, il.Create(OpCodes.Call, awaiting));
            }

            foreach (var call in valueAwaits)
            {
                // The value task's address is on the stack and stays there: the hook takes only the site.
                il.InsertBefore(call, il.Create(OpCodes.Ldstr, Site(method, call)));
                il.InsertBefore(call, il.Create(OpCodes.Call, awaitingValue));
            }

            method.Body.OptimizeMacros();
        }
    }

    private static bool IsGetAwaiterOfValueTask(MethodReference callee) =>
        callee.Name == "GetAwaiter" && callee.HasThis && callee.Parameters.Count == 0
        && (callee.DeclaringType.FullName == "System.Threading.Tasks.ValueTask"
            || callee.DeclaringType is GenericInstanceType { ElementType.FullName: "System.Threading.Tasks.ValueTask`1" });

    private static bool IsTaskType(TypeReference type) =>
        type.FullName == TaskType || (type is GenericInstanceType { ElementType.FullName: GenericTaskType });

    private static bool IsGetAwaiterOfTask(MethodReference callee) =>
        callee.Name == "GetAwaiter" && callee.HasThis && callee.Parameters.Count == 0
        && (callee.DeclaringType.FullName == TaskType || callee.DeclaringType is GenericInstanceType { ElementType.FullName: GenericTaskType });

    private static bool StartsTask(MethodReference callee)
    {
        if (!IsTaskType(callee.ReturnType))
        {
            return false;
        }

        string declaring = callee.DeclaringType is GenericInstanceType g ? g.ElementType.FullName : callee.DeclaringType.FullName;
        if ((declaring == TaskType && callee.Name == "Run")
            || (declaring is "System.Threading.Tasks.TaskFactory" or "System.Threading.Tasks.TaskFactory`1" && callee.Name == "StartNew"))
        {
            return true;
        }

        return IsAsyncMethod(callee);
    }

    private static bool IsAsyncMethod(MethodReference callee)
    {
        try
        {
            return callee.Resolve()?.CustomAttributes.Any(a => a.AttributeType.FullName == typeof(AsyncStateMachineAttribute).FullName) ?? false;
        }
        catch (AssemblyResolutionException)
        {
            return false;
        }
    }

    /// <summary>What an awaited task stands for, from the call that produced it.</summary>
    private static string Describe(Instruction getAwaiter)
    {
        var producer = getAwaiter.Previous;
        while (producer is not null && producer.OpCode == OpCodes.Nop)
        {
            producer = producer.Previous;
        }

        if (producer?.Operand is not MethodReference source || (producer.OpCode != OpCodes.Call && producer.OpCode != OpCodes.Callvirt))
        {
            return "a task";
        }

        string type = source.DeclaringType is GenericInstanceType g ? g.ElementType.FullName : source.DeclaringType.FullName;
        return (type, source.Name) switch
        {
            ("System.Threading.Tasks.TaskCompletionSource" or "System.Threading.Tasks.TaskCompletionSource`1", "get_Task") => "a TaskCompletionSource",
            ("System.Threading.SemaphoreSlim", "WaitAsync") => "a semaphore",
            ("System.Threading.Channels.ChannelReader`1", _) => "a channel read",
            ("System.Threading.Channels.ChannelWriter`1", _) => "a channel write",
            (TaskType, "Delay") => "a delay",
            (TaskType, "WhenAll" or "WhenAny") => "other tasks",
            _ => $"the task of {source.DeclaringType.Name.Split('`')[0]}.{source.Name}",
        };
    }

    /// <summary>The source site of <paramref name="instruction"/>: <c>Type.Method (File.cs:line)</c>.</summary>
    internal static string Site(MethodDefinition method, Instruction instruction) =>
        SourceSites.FileAndLine(method, instruction) is { } line ? $"{Caller(method)} ({line})" : Caller(method);

    /// <summary>The readable name of a method: the user's method for async state machines and lambdas.</summary>
    private static string Caller(MethodDefinition method)
    {
        var type = method.DeclaringType;
        string member = SourceSites.UserMethodName(method.Name);
        if (type.Name.StartsWith('<') && type.DeclaringType is not null)
        {
            // An async state machine <Name>d__N names the user's method; a closure class (<>c, <>c__DisplayClass)
            // does not, and its method <Name>b__N does.
            member = type.Name.StartsWith("<>", StringComparison.Ordinal) ? member : SourceSites.UserMethodName(type.Name);
            while (type.Name.StartsWith('<') && type.DeclaringType is not null)
            {
                type = type.DeclaringType;
            }
        }

        return $"{type.Name}.{member}";
    }
}
