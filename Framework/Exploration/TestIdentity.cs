using System.Reflection;
using System.Runtime.CompilerServices;

namespace Weft.Exploration;

/// <summary>Names the test an exploration ran, so that a trace file is replayed only against the test that recorded it.</summary>
/// <remarks>
/// <para>A test is either a catalog scenario (<see cref="ScenarioId"/>) or a method (<see cref="AssemblyName"/>,
/// <see cref="TypeName"/>, <see cref="MethodName"/>). <see cref="AssemblyPath"/> is where the assembly was loaded from; it
/// helps the command line find the test again and is not part of the identity.</para>
/// <para><b>Thread safety:</b> immutable; safe for concurrent use.</para>
/// </remarks>
public sealed record TestIdentity
{
    /// <summary>The catalog id of a scenario, or <see langword="null"/> for a test method.</summary>
    public string? ScenarioId { get; init; }

    /// <summary>The simple name of the test's assembly.</summary>
    public string? AssemblyName { get; init; }

    /// <summary>The full name of the type that declares the test.</summary>
    public string? TypeName { get; init; }

    /// <summary>The name of the test method.</summary>
    public string? MethodName { get; init; }

    /// <summary>The file the test's assembly was loaded from; not compared by <see cref="Matches"/>.</summary>
    public string? AssemblyPath { get; init; }

    /// <summary>A readable, stable name: the scenario id, or <c>Type.Method</c>.</summary>
    public string DisplayName => ScenarioId ?? $"{TypeName}.{MethodName}";

    /// <summary>The identity of a catalog scenario.</summary>
    /// <exception cref="ArgumentException"><paramref name="scenarioId"/> is empty.</exception>
    public static TestIdentity ForScenario(string scenarioId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenarioId);
        return new TestIdentity { ScenarioId = scenarioId };
    }

    /// <summary>The identity of a test method.</summary>
    public static TestIdentity ForMethod(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var type = method.DeclaringType ?? throw new ArgumentException("The method has no declaring type.", nameof(method));
        return ForMember(type, method.Name);
    }

    /// <summary>The identity of the test that passes <paramref name="test"/>, named by the calling member.</summary>
    /// <remarks>The type is the outermost type of the delegate's method that the compiler did not generate, so a lambda
    /// is named after the class that declares it.</remarks>
    internal static TestIdentity ForDelegate(Delegate test, string callerMember)
    {
        var type = test.Method.DeclaringType ?? test.Method.Module.GetType("<Module>")!;
        while (type.DeclaringType is not null && (type.Name.StartsWith('<') || type.IsDefined(typeof(CompilerGeneratedAttribute), false)))
        {
            type = type.DeclaringType;
        }

        return ForMember(type, string.IsNullOrEmpty(callerMember) ? test.Method.Name : callerMember);
    }

    /// <summary>Returns <see langword="true"/> if both name the same test; <see cref="AssemblyPath"/> is ignored.</summary>
    public bool Matches(TestIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ScenarioId == other.ScenarioId && AssemblyName == other.AssemblyName
            && TypeName == other.TypeName && MethodName == other.MethodName;
    }

    private static TestIdentity ForMember(Type type, string method) => new()
    {
        AssemblyName = type.Assembly.GetName().Name,
        TypeName = type.FullName,
        MethodName = method,
        AssemblyPath = string.IsNullOrEmpty(type.Assembly.Location) ? null : type.Assembly.Location,
    };
}
