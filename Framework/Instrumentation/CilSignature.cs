using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>Writes method signatures of Cecil references and of reflection methods in one normal form, so that a call in
/// rewritten code can be matched with the race hook that replaces it.</summary>
/// <remarks>
/// Generic parameters of the called method's declaring type come first, then those of the method, all written <c>!!n</c>:
/// the numbering of the hook's own (method) generic parameters. Nested types use <c>/</c>, custom modifiers are dropped.
/// <b>Thread safety:</b> stateless.
/// </remarks>
internal static class CilSignature
{
    /// <summary>The normal form of a called method: <c>Type::Name(this&amp;,param,...)</c>, with the instance as first
    /// parameter (by reference for a value type).</summary>
    public static string OfCall(MethodReference callee)
    {
        var declaring = callee.DeclaringType;
        var open = declaring is GenericInstanceType instance ? instance.ElementType : declaring;
        int typeArity = declaring is GenericInstanceType generic ? generic.GenericArguments.Count : 0;
        var method = callee is GenericInstanceMethod closed ? closed.ElementMethod : callee;
        var parts = new List<string>();
        if (method.HasThis)
        {
            string self = open.FullName + (typeArity > 0 ? $"<{string.Join(",", Enumerable.Range(0, typeArity).Select(i => $"!!{i}"))}>" : string.Empty);
            parts.Add(IsValueType(open) ? self + "&" : self);
        }

        parts.AddRange(method.Parameters.Select(p => Of(p.ParameterType, typeArity)));
        return $"{open.FullName}::{method.Name}({string.Join(",", parts)})";
    }

    /// <summary>The normal form of the call a hook replaces: the target's type and name with the hook's parameters,
    /// without a trailing <c>spawnSite</c>.</summary>
    public static string OfHook(Type target, string name, IEnumerable<Type> parameters) =>
        $"{NameOf(target)}::{name}({string.Join(",", parameters.Select(Of))})";

    /// <summary>The normal form of a Cecil type in a signature whose declaring type has <paramref name="typeArity"/> generic parameters.</summary>
    public static string Of(TypeReference type, int typeArity) => type switch
    {
        GenericParameter { Type: GenericParameterType.Type } parameter => $"!!{parameter.Position}",
        GenericParameter parameter => $"!!{typeArity + parameter.Position}",
        ByReferenceType reference => Of(reference.ElementType, typeArity) + "&",
        PointerType pointer => Of(pointer.ElementType, typeArity) + "*",
        ArrayType array => Of(array.ElementType, typeArity) + Rank(array.Rank),
        GenericInstanceType instance => $"{instance.ElementType.FullName}<{string.Join(",", instance.GenericArguments.Select(a => Of(a, typeArity)))}>",
        IModifierType modified => Of(modified.ElementType, typeArity),
        _ => type.FullName,
    };

    /// <summary>The normal form of a reflection type in a hook's signature.</summary>
    public static string Of(Type type)
    {
        if (type.IsGenericParameter)
        {
            return $"!!{type.GenericParameterPosition}";
        }

        if (type.IsByRef)
        {
            return Of(type.GetElementType()!) + "&";
        }

        if (type.IsPointer)
        {
            return Of(type.GetElementType()!) + "*";
        }

        if (type.IsArray)
        {
            return Of(type.GetElementType()!) + Rank(type.GetArrayRank());
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return $"{NameOf(type.GetGenericTypeDefinition())}<{string.Join(",", type.GetGenericArguments().Select(Of))}>";
        }

        return NameOf(type);
    }

    private static string NameOf(Type type) => (type.FullName ?? type.Name).Replace('+', '/');

    private static string Rank(int rank) => rank == 1 ? "[]" : $"[{new string(',', rank - 1)}]";

    private static bool IsValueType(TypeReference type)
    {
        try
        {
            return type.Resolve()?.IsValueType ?? type.IsValueType;
        }
        catch (AssemblyResolutionException)
        {
            return type.IsValueType;
        }
    }
}
