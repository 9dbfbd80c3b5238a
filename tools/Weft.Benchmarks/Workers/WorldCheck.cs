using System.Reflection;

namespace Weft.Benchmarks.Workers;

/// <summary>Checks that a worker runs against the build it claims to measure, so that a mix-up of folders fails loudly
/// instead of producing a wrong figure.</summary>
internal static class WorldCheck
{
    /// <summary>What <paramref name="assembly"/> and Weft's own assembly were built as.</summary>
    public static WorldKind Of(Assembly assembly)
    {
        bool coyote = HasAttribute(assembly, "Microsoft.Coyote.Rewriting.RewritingSignatureAttribute");
        bool weft = HasAttribute(assembly, "Weft.Instrumentation.WeftInstrumentedAttribute");
        return (coyote, weft) switch
        {
            (true, true) => WorldKind.Weft,
            (true, false) => WorldKind.Coyote,
            (false, false) => WorldKind.Plain,
            _ => throw new InvalidOperationException($"{assembly.GetName().Name} carries Weft's stamp but was not rewritten by Coyote."),
        };
    }

    /// <summary>Throws unless <paramref name="assembly"/> and Weft's own assembly were both built as <paramref name="expected"/>.</summary>
    /// <exception cref="InvalidOperationException">They were not.</exception>
    public static void Require(WorldKind expected, Assembly assembly)
    {
        foreach (var each in new[] { assembly, typeof(Check).Assembly })
        {
            var actual = Of(each);
            if (actual != expected)
            {
                throw new InvalidOperationException(
                    $"{each.GetName().Name} at {each.Location} is a {actual} build, but this worker measures the {expected} world.");
            }
        }
    }

    private static bool HasAttribute(Assembly assembly, string fullName) =>
        assembly.GetCustomAttributesData().Any(a => a.AttributeType.FullName == fullName);
}
