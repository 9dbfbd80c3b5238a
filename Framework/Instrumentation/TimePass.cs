using System.Diagnostics;
using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Time;

namespace Weft.Instrumentation;

/// <summary>Redirects the BCL's clocks, delays and timers in rewritten code to the models in <see cref="Weft.Time"/>, which
/// use the iteration's virtual clock under exploration and the real API everywhere else.</summary>
/// <remarks>
/// <para>Redirected: <c>TimeProvider.System</c>; <c>DateTime.UtcNow/Now</c> and <c>DateTimeOffset.UtcNow/Now</c>; every
/// <c>Task.Delay</c> overload; the constructors of <see cref="PeriodicTimer"/>, <see cref="Timer"/> and the delayed
/// <see cref="CancellationTokenSource"/>; <c>CancellationTokenSource.CancelAfter</c>; <c>Timer.Change</c>,
/// <c>ITimer.Change</c>, <c>Timer.Dispose</c> and <c>Timer.DisposeAsync</c>; <c>Stopwatch.StartNew/GetTimestamp/GetElapsedTime(long)</c> and the <see cref="Stopwatch"/>
/// instance members that start, stop or read it.</para>
/// <para>Each redirection swaps one instruction's operand and keeps the evaluation stack as it was, so no instruction is
/// inserted and no branch moves: a static call <c>T.M(args)</c> becomes <c>Model.M(args)</c>, an instance call
/// <c>x.M(args)</c> becomes <c>Model.M(x, args)</c>, and <c>newobj T(args)</c> becomes a call of a static factory
/// <c>Model.Create(args)</c> that returns a <c>T</c>. A call with a <c>constrained.</c> prefix (a generic receiver) and
/// method references taken with <c>ldftn</c> are left alone.</para>
/// <para>Runs before Coyote's rewriting, which would otherwise turn <c>Task.Delay</c> into its own delay. In Weft's own
/// assembly the pass skips <c>Weft.Time</c> (the models call the real APIs) and <c>Weft.Exploration</c> (time budgets are
/// wall-clock time by definition).</para>
/// </remarks>
internal sealed class TimePass : InstrumentationPass
{
    /// <summary>The namespaces of Weft's own assembly that keep the real clock.</summary>
    private static readonly string[] s_skippedNamespaces = ["Weft.Time", "Weft.Exploration"];

    /// <summary>Replacement by the redirected member's <see cref="Key(MethodBase)"/>.</summary>
    private static readonly Dictionary<string, MethodInfo> s_replacements = BuildReplacements();

    public override string Name => "time";

    /// <summary>The number of instructions redirected by the last <see cref="Run"/>.</summary>
    public int Redirected { get; private set; }

    /// <summary>Every redirection: the BCL member and the model method that stands in for it.</summary>
    internal static IEnumerable<(MethodBase Original, MethodInfo Replacement)> Redirections =>
        Originals().Select(original => (original, s_replacements[Key(original)]));

    public override void Run(AssemblyDefinition assembly)
    {
        Redirected = 0;
        var module = assembly.MainModule;
        bool isWeft = assembly.Name.Name == typeof(TimePass).Assembly.GetName().Name;
        foreach (var type in module.GetTypes().Where(t => !isWeft || !IsSkipped(t)))
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj)
                        && instruction.Previous?.OpCode != OpCodes.Constrained
                        && instruction.Operand is MethodReference callee
                        && s_replacements.TryGetValue(Key(callee), out var replacement))
                    {
                        instruction.OpCode = OpCodes.Call;
                        instruction.Operand = module.ImportReference(replacement);
                        Redirected++;
                    }
                }
            }
        }
    }

    private static bool IsSkipped(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return s_skippedNamespaces.Any(ns => type.Namespace == ns || type.Namespace.StartsWith(ns + ".", StringComparison.Ordinal));
    }

    /// <summary>Identifies a method or constructor by declaring type, name, whether it is an instance member and parameter
    /// types; the same string for a reflection member and a Cecil reference to it.</summary>
    private static string Key(MethodReference method) =>
        $"{method.DeclaringType.FullName}::{method.Name}({string.Join(",", method.Parameters.Select(p => p.ParameterType.FullName))}){(method.HasThis ? "" : " static")}";

    private static string Key(MethodBase method) =>
        $"{method.DeclaringType!.FullName}::{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName))}){(method.IsStatic ? " static" : "")}";

    private static Dictionary<string, MethodInfo> BuildReplacements() => Originals().ToDictionary(Key, FindReplacement);

    /// <summary>Finds the model method that stands in for <paramref name="original"/>: same name (the model's name for
    /// it), and the instance, if any, as first parameter.</summary>
    private static MethodInfo FindReplacement(MethodBase original)
    {
        var (model, name) = ModelOf(original);
        var parameters = original.GetParameters().Select(p => p.ParameterType);
        if (!original.IsStatic && original is not ConstructorInfo)
        {
            parameters = parameters.Prepend(original.DeclaringType!);
        }

        return model.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [.. parameters])
            ?? throw new InvalidOperationException($"{model.Name}.{name} standing in for {Key(original)} is missing.");
    }

    private static (Type Model, string Name) ModelOf(MethodBase original) => (original.DeclaringType!.Name, original.Name) switch
    {
        (nameof(TimeProvider), _) => (typeof(ClockModel), nameof(ClockModel.SystemProvider)),
        (nameof(DateTime), "get_UtcNow") => (typeof(ClockModel), nameof(ClockModel.DateTimeUtcNow)),
        (nameof(DateTime), "get_Now") => (typeof(ClockModel), nameof(ClockModel.DateTimeNow)),
        (nameof(DateTimeOffset), "get_UtcNow") => (typeof(ClockModel), nameof(ClockModel.DateTimeOffsetUtcNow)),
        (nameof(DateTimeOffset), "get_Now") => (typeof(ClockModel), nameof(ClockModel.DateTimeOffsetNow)),
        (nameof(Task), _) => (typeof(DelayModel), nameof(DelayModel.Delay)),
        (nameof(PeriodicTimer), _) => (typeof(PeriodicTimerModel), nameof(PeriodicTimerModel.Create)),
        (nameof(Timer) or nameof(ITimer), ".ctor") => (typeof(TimerModel), nameof(TimerModel.Create)),
        (nameof(Timer) or nameof(ITimer), var name) => (typeof(TimerModel), name),
        (nameof(CancellationTokenSource), ".ctor") => (typeof(CancellationModel), nameof(CancellationModel.Create)),
        (nameof(CancellationTokenSource), _) => (typeof(CancellationModel), nameof(CancellationModel.CancelAfter)),
        (nameof(Stopwatch), var name) => (typeof(StopwatchModel), name.StartsWith("get_", StringComparison.Ordinal) ? name[4..] : name),
        _ => throw new InvalidOperationException($"No model stands in for {Key(original)}."),
    };

    /// <summary>The BCL members the pass redirects.</summary>
    private static IEnumerable<MethodBase> Originals()
    {
        static MethodBase Method(Type type, string name, params Type[] parameters) =>
            type.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{type.Name}.{name} was not found.");
        static MethodBase Getter(Type type, string name) =>
            type.GetProperty(name)?.GetMethod ?? throw new InvalidOperationException($"{type.Name}.{name} was not found.");
        static MethodBase Constructor(Type type, params Type[] parameters) =>
            type.GetConstructor(parameters) ?? throw new InvalidOperationException($"{type.Name}({parameters.Length} parameters) was not found.");

        Type ct = typeof(CancellationToken), span = typeof(TimeSpan), provider = typeof(TimeProvider);
        Type callback = typeof(TimerCallback), state = typeof(object);

        yield return Getter(typeof(TimeProvider), nameof(TimeProvider.System));
        yield return Getter(typeof(DateTime), nameof(DateTime.UtcNow));
        yield return Getter(typeof(DateTime), nameof(DateTime.Now));
        yield return Getter(typeof(DateTimeOffset), nameof(DateTimeOffset.UtcNow));
        yield return Getter(typeof(DateTimeOffset), nameof(DateTimeOffset.Now));

        yield return Method(typeof(Task), nameof(Task.Delay), typeof(int));
        yield return Method(typeof(Task), nameof(Task.Delay), typeof(int), ct);
        yield return Method(typeof(Task), nameof(Task.Delay), span);
        yield return Method(typeof(Task), nameof(Task.Delay), span, ct);
        yield return Method(typeof(Task), nameof(Task.Delay), span, provider);
        yield return Method(typeof(Task), nameof(Task.Delay), span, provider, ct);

        yield return Constructor(typeof(PeriodicTimer), span);
        yield return Constructor(typeof(PeriodicTimer), span, provider);

        yield return Constructor(typeof(Timer), callback);
        yield return Constructor(typeof(Timer), callback, state, typeof(int), typeof(int));
        yield return Constructor(typeof(Timer), callback, state, typeof(long), typeof(long));
        yield return Constructor(typeof(Timer), callback, state, span, span);
        yield return Constructor(typeof(Timer), callback, state, typeof(uint), typeof(uint));
        yield return Method(typeof(Timer), nameof(Timer.Change), typeof(int), typeof(int));
        yield return Method(typeof(Timer), nameof(Timer.Change), typeof(long), typeof(long));
        yield return Method(typeof(Timer), nameof(Timer.Change), span, span);
        yield return Method(typeof(Timer), nameof(Timer.Change), typeof(uint), typeof(uint));
        yield return Method(typeof(ITimer), nameof(ITimer.Change), span, span);
        yield return Method(typeof(Timer), nameof(Timer.Dispose));
        yield return Method(typeof(Timer), nameof(Timer.Dispose), typeof(WaitHandle));
        yield return Method(typeof(Timer), nameof(Timer.DisposeAsync));

        yield return Constructor(typeof(CancellationTokenSource), span);
        yield return Constructor(typeof(CancellationTokenSource), typeof(int));
        yield return Constructor(typeof(CancellationTokenSource), span, provider);
        yield return Method(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CancelAfter), span);
        yield return Method(typeof(CancellationTokenSource), nameof(CancellationTokenSource.CancelAfter), typeof(int));

        yield return Method(typeof(Stopwatch), nameof(Stopwatch.StartNew));
        yield return Method(typeof(Stopwatch), nameof(Stopwatch.GetTimestamp));
        yield return Method(typeof(Stopwatch), nameof(Stopwatch.GetElapsedTime), typeof(long));
        yield return Method(typeof(Stopwatch), nameof(Stopwatch.Start));
        yield return Method(typeof(Stopwatch), nameof(Stopwatch.Stop));
        yield return Method(typeof(Stopwatch), nameof(Stopwatch.Reset));
        yield return Method(typeof(Stopwatch), nameof(Stopwatch.Restart));
        yield return Getter(typeof(Stopwatch), nameof(Stopwatch.IsRunning));
        yield return Getter(typeof(Stopwatch), nameof(Stopwatch.Elapsed));
        yield return Getter(typeof(Stopwatch), nameof(Stopwatch.ElapsedMilliseconds));
        yield return Getter(typeof(Stopwatch), nameof(Stopwatch.ElapsedTicks));
    }
}
