using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using Weft.Exploration;

namespace Weft.Cli;

/// <summary>Replays a trace recorded by a test method: loads the test's assembly, calls the method, and lets the method's own
/// <see cref="Explorer"/> call replay the trace through <see cref="ReplayRequest"/>.</summary>
/// <remarks>
/// The assembly is loaded into the default load context, so that it shares this process's Weft and Coyote; its other
/// dependencies (the test framework, the code under test) are probed in the assembly's own folder. The method must take no
/// parameters; an instance method needs a public parameterless constructor. An exception the method throws after its
/// exploration (typically <see cref="BugFoundException"/> or the test framework's assertion) is expected and ignored.
/// </remarks>
internal static class TestMethodReplayer
{
    private const BindingFlags AnyMethod =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    public static async Task<ReplayResult> ReplayAsync(TraceFile trace, string path, CancellationToken cancellation)
    {
        var test = trace.Test;
        var assembly = LoadAssembly(test, path, out string? folder);
        var resolver = folder is null ? null : ProbeFolder(folder);
        if (resolver is not null)
        {
            AssemblyLoadContext.Default.Resolving += resolver;
        }

        try
        {
            var type = assembly.GetType(test.TypeName!, throwOnError: false)
                ?? throw new UsageException($"trace file '{path}' names type '{test.TypeName}', which {assembly.GetName().Name} does not have.");
            var method = FindMethod(type, test.MethodName!, path);
            object? instance = method.IsStatic ? null : CreateInstance(type, path);
            var request = new ReplayRequest(path);
            var previous = ReplayRequest.Current;
            ReplayRequest.Current = request;
            try
            {
                cancellation.ThrowIfCancellationRequested();
                await InvokeAsync(method, instance);
            }
            catch (Exception ex) when (request.Result is not null && ex is not TraceFileException)
            {
                // The test reacted to the replayed bug after its exploration (BugFoundException, an assertion): expected.
            }
            catch (Exception ex) when (request.Result is null && ex is not (TraceFileException or UsageException or OperationCanceledException))
            {
                throw new UsageException(
                    $"test {test.DisplayName} threw {ex.GetType().Name} before it replayed trace file '{path}': {FirstLine(ex.Message)}");
            }
            finally
            {
                ReplayRequest.Current = previous;
                await DisposeAsync(instance);
            }

            return request.Result ?? throw new UsageException(
                $"trace file '{path}' names test {test.DisplayName}, which ran no exploration, so the trace could not be replayed.");
        }
        finally
        {
            if (resolver is not null)
            {
                AssemblyLoadContext.Default.Resolving -= resolver;
            }
        }
    }

    private static Assembly LoadAssembly(TestIdentity test, string path, out string? folder)
    {
        folder = test.AssemblyPath is null ? null : Path.GetDirectoryName(test.AssemblyPath);
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a =>
            string.Equals(a.GetName().Name, test.AssemblyName, StringComparison.OrdinalIgnoreCase));
        if (loaded is not null)
        {
            return loaded;
        }

        if (test.AssemblyPath is null || !File.Exists(test.AssemblyPath))
        {
            throw new UsageException(test.AssemblyPath is null
                ? $"trace file '{path}' does not say where test assembly {test.AssemblyName} is."
                : $"trace file '{path}' names test assembly '{test.AssemblyPath}', which does not exist; build the tests first.");
        }

        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(test.AssemblyPath));
        }
        catch (BadImageFormatException ex)
        {
            throw new UsageException($"trace file '{path}' names test assembly '{test.AssemblyPath}', which cannot be loaded ({ex.Message}).");
        }
    }

    private static Func<AssemblyLoadContext, AssemblyName, Assembly?> ProbeFolder(string folder) => (context, name) =>
    {
        string candidate = Path.Combine(folder, name.Name + ".dll");
        return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
    };

    private static MethodInfo FindMethod(Type type, string name, string path)
    {
        var candidates = type.GetMethods(AnyMethod).Where(m => m.Name == name).ToArray();
        if (candidates.Length == 0)
        {
            throw new UsageException($"trace file '{path}' names method {type.FullName}.{name}, which does not exist.");
        }

        return candidates.FirstOrDefault(m => m.GetParameters().Length == 0 && !m.ContainsGenericParameters)
            ?? throw new UsageException(
                $"trace file '{path}' names method {type.FullName}.{name}, which takes parameters; only parameterless test methods can be replayed.");
    }

    private static object CreateInstance(Type type, string path)
    {
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new UsageException(
                $"trace file '{path}' names an instance method of {type.FullName}, which has no public parameterless constructor.");
        }

        try
        {
            return Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static async Task InvokeAsync(MethodInfo method, object? instance)
    {
        object? returned;
        try
        {
            returned = method.Invoke(instance, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task;
                break;
            case ValueTask valueTask:
                await valueTask;
                break;
        }
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static async ValueTask DisposeAsync(object? instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
