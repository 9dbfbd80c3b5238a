using System.Collections.Concurrent;
using System.Reflection;
using Mono.Cecil;
using Weft.Instrumentation;
using CoyoteCollections = Microsoft.Coyote.Rewriting.Types.Collections.Concurrent;

namespace Weft.Tests.Instrumentation;

public sealed class RaceCallTableTests
{
    private static readonly ModuleDefinition s_module = ModuleDefinition.CreateModule("RaceCallTableTests", ModuleKind.Dll);

    /// <summary>Calls the race pass must redirect: the BCL method (left when Coyote does not rewrite the type) and, where
    /// Coyote has one, its controlled stand-in (what Coyote's rewriting leaves), with the hook each goes to.</summary>
    public static TheoryData<Type, string, Type[], string> Redirected() => new()
    {
        { typeof(ConcurrentDictionary<int, string>), "TryAdd", [typeof(int), typeof(string)], nameof(ConcurrentDictionaryHooks.TryAdd) },
        { typeof(CoyoteCollections.ConcurrentDictionary<int, string>), "TryAdd", [typeof(ConcurrentDictionary<int, string>), typeof(int), typeof(string)], nameof(ConcurrentDictionaryHooks.TryAdd) },
        { typeof(ConcurrentDictionary<int, string>), "TryGetValue", [typeof(int), typeof(string).MakeByRefType()], nameof(ConcurrentDictionaryHooks.TryGetValue) },
        { typeof(ConcurrentDictionary<int, string>), "GetOrAdd", [typeof(int), typeof(Func<int, string>)], nameof(ConcurrentDictionaryHooks.GetOrAdd) },
        { typeof(ConcurrentDictionary<int, string>), "get_Item", [typeof(int)], nameof(ConcurrentDictionaryHooks.GetItem) },
        { typeof(ConcurrentDictionary<int, string>), "set_Item", [typeof(int), typeof(string)], nameof(ConcurrentDictionaryHooks.SetItem) },
        { typeof(ConcurrentDictionary<int, string>), "TryRemove", [typeof(KeyValuePair<int, string>)], nameof(ConcurrentDictionaryHooks.TryRemove) },
        { typeof(CoyoteCollections.ConcurrentQueue<string>), "Enqueue", [typeof(ConcurrentQueue<string>), typeof(string)], nameof(ConcurrentCollectionHooks.Enqueue) },
        { typeof(ConcurrentQueue<string>), "TryDequeue", [typeof(string).MakeByRefType()], nameof(ConcurrentCollectionHooks.TryDequeue) },
        { typeof(ConcurrentStack<string>), "PushRange", [typeof(string[]), typeof(int), typeof(int)], nameof(ConcurrentCollectionHooks.PushRange) },
        { typeof(CoyoteCollections.ConcurrentBag<string>), "TryTake", [typeof(ConcurrentBag<string>), typeof(string).MakeByRefType()], nameof(ConcurrentCollectionHooks.TryTake) },
        { typeof(Lazy<string>), "get_Value", [], nameof(LazyHooks.Value) },
        { typeof(Task), "ContinueWith", [typeof(Action<Task>)], nameof(ContinuationHooks.ContinueWith) },
        { typeof(Task<int>), "ContinueWith", [typeof(Action<Task<int>>), typeof(TaskContinuationOptions)], nameof(ResultContinuationHooks.ContinueWith) },
    };

    [Theory]
    [MemberData(nameof(Redirected))]
    public void TryFind_CallOfASynchronisingMethod_FindsItsHook(Type declaring, string method, Type[] parameters, string hookName)
    {
        var callee = s_module.ImportReference(declaring.GetMethod(method, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, parameters)
            ?? throw new InvalidOperationException($"{declaring}.{method} not found."));

        bool found = RaceCallTable.Instance.TryFind(callee, s_module, out var hook, out _);

        Assert.True(found, $"No hook for {callee.FullName}.");
        Assert.Equal(hookName, hook.Name);
        Assert.Equal(declaring.GetGenericArguments().Length, (hook as GenericInstanceMethod)?.GenericArguments.Count ?? 0);
    }

    [Fact]
    public void TryFind_EveryLazyInitializerOverload_FindsAHook()
    {
        var overloads = typeof(LazyInitializer).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == nameof(LazyInitializer.EnsureInitialized))
            .ToArray();

        var missing = overloads
            .Select(m => s_module.ImportReference(m.MakeGenericMethod(typeof(string))))
            .Where(callee => !RaceCallTable.Instance.TryFind(callee, s_module, out _, out _))
            .Select(callee => callee.FullName);

        Assert.Equal(5, overloads.Length);
        Assert.Empty(missing);
    }
}
