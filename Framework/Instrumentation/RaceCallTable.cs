using System.Reflection;
using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>The calls the race pass redirects to hooks: every method marked <see cref="ReplacesCallAttribute"/> in the
/// hook types, indexed by the normal form (<see cref="CilSignature"/>) of the call it replaces.</summary>
/// <remarks><b>Thread safety:</b> immutable once built; safe for concurrent use.</remarks>
internal sealed class RaceCallTable
{
    private static readonly Type[] s_hookTypes = [typeof(TaskForkHooks), typeof(TaskJoinHooks), typeof(AsyncMethodHooks), typeof(ThreadHooks), typeof(SyncHooks), typeof(TaskCompletionSourceHooks),
        typeof(ConcurrentDictionaryHooks), typeof(ConcurrentCollectionHooks), typeof(LazyHooks), typeof(CancellationHooks), typeof(ParallelHooks), typeof(WaitHandleHooks),
        typeof(ContinuationHooks), typeof(ResultContinuationHooks)];

    private static readonly Lazy<RaceCallTable> s_instance = new(() => new RaceCallTable());

    private readonly Dictionary<string, Entry> _byCall = new(StringComparer.Ordinal);

    private RaceCallTable()
    {
        foreach (var hook in s_hookTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)))
        {
            var parameters = hook.GetParameters();
            bool takesSite = parameters.Length > 0 && parameters[^1] is { Name: "spawnSite" } last && last.ParameterType == typeof(string);
            var signature = parameters.Take(parameters.Length - (takesSite ? 1 : 0)).Select(p => p.ParameterType).ToArray();
            foreach (var target in hook.GetCustomAttributes<ReplacesCallAttribute>())
            {
                string key = CilSignature.OfHook(target.DeclaringType, target.Method, signature);
                if (!_byCall.TryAdd(key, new Entry(hook, takesSite)))
                {
                    throw new InvalidOperationException($"Two race hooks replace {key}.");
                }
            }
        }
    }

    /// <summary>The table of this Weft's hooks.</summary>
    public static RaceCallTable Instance => s_instance.Value;

    /// <summary>How many calls the table knows.</summary>
    public int Count => _byCall.Count;

    /// <summary>Finds the hook that replaces <paramref name="callee"/> and makes a reference to it, instantiated like the
    /// call, in <paramref name="module"/>.</summary>
    /// <param name="callee">The called method.</param>
    /// <param name="module">The module being rewritten.</param>
    /// <param name="hook">The hook to call instead.</param>
    /// <param name="takesSite">Whether the hook takes the call's source site as an extra last argument.</param>
    public bool TryFind(MethodReference callee, ModuleDefinition module, out MethodReference hook, out bool takesSite)
    {
        hook = null!;
        takesSite = false;
        if (!_byCall.TryGetValue(CilSignature.OfCall(callee), out var entry))
        {
            return false;
        }

        var reference = module.ImportReference(entry.Hook);
        if (entry.Hook.IsGenericMethodDefinition)
        {
            var arguments = (callee.DeclaringType as GenericInstanceType)?.GenericArguments.AsEnumerable() ?? [];
            arguments = arguments.Concat((callee as GenericInstanceMethod)?.GenericArguments.AsEnumerable() ?? []);
            var instance = new GenericInstanceMethod(reference);
            foreach (var argument in arguments)
            {
                instance.GenericArguments.Add(argument);
            }

            if (instance.GenericArguments.Count != entry.Hook.GetGenericArguments().Length)
            {
                return false;
            }

            reference = instance;
        }

        hook = reference;
        takesSite = entry.TakesSite;
        return true;
    }

    private sealed record Entry(MethodInfo Hook, bool TakesSite);
}
