using Mono.Cecil;

namespace Weft.Instrumentation;

/// <summary>Instruments code for happens-before race detection: a hook before every field and array access, at every
/// <c>await</c> that suspends, and in place of the calls that fork, join and synchronise tasks.</summary>
/// <remarks>
/// <para>Runs after Coyote's rewriting, so it sees the final code, and redirects the calls Coyote made to its controlled
/// task API (<c>Microsoft.Coyote.Rewriting.Types.*</c>) to the hooks that stand in for them
/// (<see cref="ReplacesCallAttribute"/>). Every inserted sequence leaves the evaluation stack as it found it; the
/// instrumented instruction keeps its identity as the first instruction of the sequence, so branches, exception handlers
/// and sequence points that pointed at it now cover the hook too. Short branches are widened before and shortened after.</para>
/// <para>Accesses recorded: <c>ldfld</c>/<c>stfld</c> of class fields, <c>ldsfld</c>/<c>stsfld</c>, <c>ldelem*</c>/<c>stelem*</c>
/// of single-dimensional arrays; <c>ldflda</c>, <c>ldsflda</c> and <c>ldelema</c> by what consumes the address
/// (<see cref="AddressUses"/>): <c>Interlocked</c> and <c>Volatile</c> make an atomic access (never a race, an acquire
/// and/or release on the location), a store through it a write, anything else a read. <c>volatile.</c> accesses are atomic.</para>
/// <para>Not recorded, and why: Weft's own assembly (its code is not reported as racing); fields of structs (the access
/// to the struct field of the containing object is recorded through its address); <c>readonly</c> fields (written only
/// while the object is constructed, before it can be shared through a recorded edge); <c>[ThreadStatic]</c> fields;
/// static fields of compiler-generated classes (cached lambdas, benign by design); fields of async and iterator state
/// machines (a single logical flow, ordered by the suspension edges); static
/// constructors (the runtime orders type initialisation before every use of the type); accesses through managed
/// pointers (<c>ref</c> locals and parameters, spans); multi-dimensional arrays.</para>
/// </remarks>
internal sealed class RacePass : InstrumentationPass
{
    public override string Name => "races";

    /// <summary>Accesses hooked by the last <see cref="Run"/>.</summary>
    public int HookedAccesses { get; private set; }

    /// <summary>Calls redirected to hooks by the last <see cref="Run"/>.</summary>
    public int RedirectedCalls { get; private set; }

    /// <summary>Suspension points hooked by the last <see cref="Run"/>.</summary>
    public int Suspensions { get; private set; }

    public override void Run(AssemblyDefinition assembly)
    {
        HookedAccesses = RedirectedCalls = Suspensions = 0;

        // Weft's own code is never reported as racing. Its concurrency primitives and channel models still create tasks,
        // await, complete sources and take locks on behalf of user code, so those become happens-before edges: for them
        // the pass hooks synchronisation but records no access.
        bool isWeft = assembly.Name.Name == typeof(RaceHooks).Assembly.GetName().Name;
        var module = assembly.MainModule;
        var hooks = new RaceHookMethods(module);
        var names = new SourceSites(module);
        foreach (var type in module.GetTypes().Where(t => !IsSkipped(t) && (!isWeft || IsWeftPrimitive(t))))
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                bool recordAccesses = !isWeft && (!method.IsConstructor || !method.IsStatic) && !IsSuppressed(method);
                var rewriter = new RaceMethodRewriter(method, hooks, names, RaceCallTable.Instance, recordAccesses);
                rewriter.Rewrite();
                HookedAccesses += rewriter.HookedAccesses;
                RedirectedCalls += rewriter.RedirectedCalls;
                Suspensions += rewriter.Suspensions;
            }
        }
    }

    /// <summary>Whether the race pass records accesses to <paramref name="field"/>.</summary>
    internal static bool ShouldRecord(FieldDefinition field)
    {
        if (field.IsLiteral || field.IsInitOnly || HasSuppression(field) || IsSuppressed(field.DeclaringType))
        {
            return false;
        }

        var type = field.DeclaringType;
        if (field.IsStatic)
        {
            return !IsCompilerGenerated(type)
                && !field.CustomAttributes.Any(a => a.AttributeType.FullName == "System.ThreadStaticAttribute");
        }

        if (type.IsValueType)
        {
            return false;
        }

        // An async or iterator state machine's fields are touched only by its kick-off method and its MoveNext, one
        // logical flow ordered by the suspension edges.
        return !type.Fields.Any(f => f.Name == "<>1__state");
    }

    /// <summary>Whether <see cref="SuppressDataRaceAttribute"/> covers the accesses <paramref name="method"/> makes: on the
    /// method, on its type or an enclosing one, or, for a lambda or async state machine, on the user's method it belongs to.</summary>
    private static bool IsSuppressed(MethodDefinition method)
    {
        if (HasSuppression(method) || IsSuppressed(method.DeclaringType))
        {
            return true;
        }

        // Compiler-generated code is named after the user's method: <Run>b__0_0 in a closure, <Run>d__3 for a state machine.
        for (var type = method.DeclaringType; type.DeclaringType is not null; type = type.DeclaringType)
        {
            string owner = SourceSites.UserMethodName(type.Name.StartsWith("<>", StringComparison.Ordinal) ? method.Name : type.Name);
            if (type.DeclaringType.Methods.Any(m => m.Name == owner && HasSuppression(m)))
            {
                return true;
            }
        }

        string own = SourceSites.UserMethodName(method.Name);
        return own != method.Name && method.DeclaringType.Methods.Any(m => m.Name == own && HasSuppression(m));
    }

    /// <summary>Whether <see cref="SuppressDataRaceAttribute"/> is on <paramref name="type"/> or a type enclosing it.</summary>
    private static bool IsSuppressed(TypeDefinition type)
    {
        for (TypeDefinition? current = type; current is not null; current = current.DeclaringType)
        {
            if (HasSuppression(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSuppression(ICustomAttributeProvider member) =>
        member.HasCustomAttributes && member.CustomAttributes.Any(a => a.AttributeType.FullName == typeof(SuppressDataRaceAttribute).FullName);

    /// <summary>Whether <paramref name="type"/> (or the type it is nested in) is one of Weft's concurrency primitives or the
    /// channel models, whose tasks, awaits and completion sources carry the edges of the code that uses them.</summary>
    private static bool IsWeftPrimitive(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace is "Weft.Concurrency" or "Weft.Models.Channels";
    }

    private static bool IsSkipped(TypeDefinition type) =>
        type.Name is "<Module>" or "<PrivateImplementationDetails>"
        || type.CustomAttributes.Any(a => a.AttributeType.FullName == "Microsoft.Coyote.Rewriting.SkipRewritingAttribute");

    private static bool IsCompilerGenerated(TypeDefinition type) =>
        type.Name.StartsWith('<')
        || type.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerGeneratedAttribute");
}
