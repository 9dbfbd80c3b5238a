namespace Weft.Instrumentation;

/// <summary>Marks a race hook that the build step calls instead of a method of another type.</summary>
/// <remarks>
/// <para>The race pass replaces every call of <c>DeclaringType.Method</c> whose signature matches the hook's by a call
/// of the hook. A static target has the hook's parameters; an instance method of a struct takes the struct by reference as
/// the hook's first parameter. Generic parameters of the target's type, then of the target method, become the hook's
/// generic parameters, in that order. A hook whose last parameter is <c>string spawnSite</c> also receives the call's
/// source site.</para>
/// <para><b>Thread safety:</b> immutable.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
internal sealed class ReplacesCallAttribute(Type declaringType, string method) : Attribute
{
    /// <summary>The type whose method the hook replaces (an open generic type for a generic one).</summary>
    public Type DeclaringType { get; } = declaringType;

    /// <summary>The name of the replaced method, e.g. <c>Run</c> or <c>get_Result</c>.</summary>
    public string Method { get; } = method;
}
