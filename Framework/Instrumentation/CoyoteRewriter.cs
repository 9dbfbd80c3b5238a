using System.Reflection;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace Weft.Instrumentation;

/// <summary>Runs Coyote's own rewriting (Task, Monitor, SemaphoreSlim, ... become controlled) on assemblies in place.</summary>
/// <remarks>
/// Coyote 1.7.11 ships its rewriting engine in <c>Microsoft.Coyote.Test</c> but exposes it only to its own command-line
/// tool, which targets .NET 8. Weft calls the same engine through reflection so that rewriting runs on .NET 10 from the
/// build with no global tool. The engine skips assemblies that already carry its signature, so this is idempotent.
/// Telemetry is off.
/// </remarks>
internal static class CoyoteRewriter
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    /// <summary>Rewrites <paramref name="assemblyPaths"/>, all in <paramref name="directory"/>, in place.</summary>
    /// <exception cref="InvalidOperationException">The Coyote version in use does not have the expected rewriting API.</exception>
    public static void Rewrite(string directory, IReadOnlyCollection<string> assemblyPaths, bool rewriteConcurrentCollections)
    {
        var testAssembly = typeof(TestingEngine).Assembly;
        var coreAssembly = typeof(Configuration).Assembly;
        var optionsType = Require(testAssembly.GetType("Microsoft.Coyote.Rewriting.RewritingOptions"), "RewritingOptions");
        var engineType = Require(testAssembly.GetType("Microsoft.Coyote.Rewriting.RewritingEngine"), "RewritingEngine");
        var logWriterType = Require(coreAssembly.GetType("Microsoft.Coyote.Logging.LogWriter"), "LogWriter");
        var profilerType = Require(coreAssembly.GetType("Microsoft.Coyote.Profiler"), "Profiler");

        object options = Require(optionsType.GetMethod("Create", Any)?.Invoke(null, null), "RewritingOptions.Create");
        Set(optionsType, options, "AssembliesDirectory", directory);
        Set(optionsType, options, "OutputDirectory", directory);
        Set(optionsType, options, "AssemblyPaths", new HashSet<string>(assemblyPaths));
        Set(optionsType, options, "IsRewritingConcurrentCollections", rewriteConcurrentCollections);
        options = Require(optionsType.GetMethod("Sanitize", Any)?.Invoke(options, [typeof(CoyoteRewriter).Assembly]), "RewritingOptions.Sanitize");

        var configuration = Configuration.Create().WithTelemetryEnabled(false);
        object logWriter = Require(logWriterType.GetConstructors(Any).FirstOrDefault(c => c.GetParameters().Length == 2), "LogWriter()")
            .Invoke([configuration, false]);
        object profiler = Require(profilerType.GetConstructor(Any, Type.EmptyTypes), "Profiler()").Invoke(null);
        var run = Require(engineType.GetMethods(Any).FirstOrDefault(m => m.Name == "Run" && m.IsStatic && m.GetParameters().Length == 4), "RewritingEngine.Run");
        try
        {
            run.Invoke(null, [options, configuration, logWriter, profiler]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }

    /// <summary>Whether the assembly at <paramref name="path"/> carries Coyote's rewriting signature.</summary>
    public static bool IsRewritten(string path)
    {
        using var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(path, new Mono.Cecil.ReaderParameters { InMemory = true });
        return assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "Microsoft.Coyote.Rewriting.RewritingSignatureAttribute");
    }

    private static void Set(Type type, object target, string property, object value) =>
        Require(type.GetProperty(property, Any), $"RewritingOptions.{property}").SetValue(target, value);

    private static T Require<T>(T? value, string what)
        where T : class =>
        value ?? throw new InvalidOperationException(
            $"Coyote's rewriting API has changed ({what} not found); Weft needs Microsoft.Coyote {typeof(TestingEngine).Assembly.GetName().Version}.");
}
