using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Weft.Instrumentation;

/// <summary>Names for race reports, computed when the race pass rewrites a module: the source site of each instruction
/// (<c>Counter.cs:25 (Counter.IncrementAsync)</c>, from the PDB's sequence points) and the display name of each field.</summary>
/// <remarks>
/// Names are deterministic functions of the module, so a replay reports the same text. They use file names, not paths, so
/// that a trace replays to the same message on another machine. Compiler-generated names are turned back into the names
/// in the source: the method of an async state machine, lambda or local function; a captured variable; an auto-property.
/// <b>Thread safety:</b> used by one pass on one module.
/// </remarks>
internal sealed class SourceSites
{
    /// <summary>For each closure class (<c>&lt;&gt;c__DisplayClass</c>), the method that creates it.</summary>
    private readonly Dictionary<string, string> _closureOwners = new(StringComparer.Ordinal);

    /// <summary>Scans <paramref name="module"/> for the methods that create closure classes.</summary>
    public SourceSites(ModuleDefinition module)
    {
        foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.OpCode.Code == Code.Newobj && instruction.Operand is MethodReference constructor)
                {
                    var type = constructor.DeclaringType is GenericInstanceType generic ? generic.ElementType : constructor.DeclaringType;
                    if (type.Name.Contains("DisplayClass", StringComparison.Ordinal))
                    {
                        _closureOwners.TryAdd(type.FullName, MethodName(method));
                    }
                }
            }
        }
    }

    /// <summary>The source site of every instruction of <paramref name="method"/>: the last visible sequence point at or
    /// before it, or the method and IL offset when there is none.</summary>
    public static Dictionary<Instruction, string> Of(MethodDefinition method)
    {
        var points = method.DebugInformation.HasSequencePoints ? method.DebugInformation.GetSequencePointMapping() : new Dictionary<Instruction, SequencePoint>();
        string name = MethodName(method);
        var sites = new Dictionary<Instruction, string>();
        string? current = null;
        foreach (var instruction in method.Body.Instructions)
        {
            if (points.TryGetValue(instruction, out var point) && !point.IsHidden)
            {
                current = $"{Path.GetFileName(point.Document.Url)}:{point.StartLine} ({name})";
            }

            sites[instruction] = current ?? $"{name}+IL_{instruction.Offset:x4}";
        }

        return sites;
    }

    /// <summary>The file and line of the last visible sequence point at or before <paramref name="instruction"/>, as
    /// <c>File.cs:line</c> with the file name only, or <see langword="null"/> when the method has none.</summary>
    public static string? FileAndLine(MethodDefinition method, Instruction instruction)
    {
        if (!method.DebugInformation.HasSequencePoints)
        {
            return null;
        }

        for (var current = instruction; current is not null; current = current.Previous)
        {
            if (method.DebugInformation.GetSequencePoint(current) is { IsHidden: false } point)
            {
                return $"{Path.GetFileName(point.Document.Url)}:{point.StartLine}";
            }
        }

        return null;
    }

    /// <summary>The user's method inside a compiler-generated name: <c>&lt;Run&gt;b__0_0</c> and <c>&lt;&lt;Run&gt;b__0_0&gt;d</c>
    /// are <c>Run</c>; a name that is not compiler-generated is returned as is.</summary>
    public static string UserMethodName(string name)
    {
        string trimmed = name.TrimStart('<');
        int end = trimmed.IndexOf('>', StringComparison.Ordinal);
        return trimmed.Length < name.Length && end > 0 ? trimmed[..end] : name;
    }

    /// <summary>The name reports give a field: <c>Namespace.Type.field</c>, <c>Namespace.Type.Property</c> for an
    /// auto-property's backing field, or <c>captured variable 'x' of Type.Method</c> for a closure's field.</summary>
    public string FieldName(FieldDefinition field)
    {
        var type = field.DeclaringType;
        if (type.Name.Contains("DisplayClass", StringComparison.Ordinal))
        {
            string owner = _closureOwners.TryGetValue(type.FullName, out var method) ? method : TypeName(type, qualified: true);
            return $"captured variable '{field.Name}' of {owner}";
        }

        string name = field.Name;
        if (name.StartsWith('<') && name.EndsWith(">k__BackingField", StringComparison.Ordinal))
        {
            name = name[1..name.IndexOf('>', StringComparison.Ordinal)];
        }

        return $"{TypeName(type, qualified: true)}.{name}";
    }

    /// <summary>The method as written in the source: <c>Counter.IncrementAsync</c> for its state machine's
    /// <c>MoveNext</c>, <c>Counter.RunAsync (lambda)</c>, <c>Tests.Run.IncrementAsync</c> for a local function.</summary>
    public static string MethodName(MethodDefinition method)
    {
        var type = method.DeclaringType;
        string name = method.Name;
        while (type.DeclaringType is not null && type.Name.StartsWith('<'))
        {
            // A state machine or closure class: its name carries the method it was made for.
            if (!type.Name.StartsWith("<>", StringComparison.Ordinal) && (name == "MoveNext" || name == "SetStateMachine"))
            {
                name = type.Name;
            }

            type = type.DeclaringType;
        }

        return $"{TypeName(type, qualified: false)}.{Friendly(name)}";
    }

    /// <summary>A compiler-generated method name as written in the source (<c>&lt;Run&gt;b__0_0</c> is <c>Run (lambda)</c>);
    /// a name that is not compiler-generated is returned as is.</summary>
    public static string FriendlyMethodName(string name) => Friendly(name);

    /// <summary>A type's name without generic arity and with nested types joined by dots.</summary>
    private static string TypeName(TypeDefinition type, bool qualified)
    {
        var parts = new Stack<string>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            string name = t.Name;
            int tick = name.IndexOf('`', StringComparison.Ordinal);
            parts.Push(tick < 0 ? name : name[..tick]);
            if (t.DeclaringType is null && qualified && !string.IsNullOrEmpty(t.Namespace))
            {
                parts.Push(t.Namespace);
            }
        }

        return string.Join('.', parts);
    }

    /// <summary>Turns compiler-generated method names back into source names: <c>&lt;Run&gt;b__0_0</c> is a lambda in
    /// <c>Run</c>, <c>&lt;Run&gt;g__Local|0_0</c> the local function <c>Local</c> of <c>Run</c>, <c>&lt;Run&gt;d__3</c> the
    /// state machine of <c>Run</c>.</summary>
    private static string Friendly(string name)
    {
        if (!name.StartsWith('<'))
        {
            return name;
        }

        int depth = 0;
        int close = -1;
        for (int i = 0; i < name.Length && close < 0; i++)
        {
            depth += name[i] switch { '<' => 1, '>' => -1, _ => 0 };
            if (depth == 0)
            {
                close = i;
            }
        }

        if (close < 0)
        {
            return name;
        }

        string inner = Friendly(name[1..close]);
        string rest = name[(close + 1)..];
        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            int bar = rest.IndexOf('|', StringComparison.Ordinal);
            return new StringBuilder(inner).Append('.').Append(bar < 0 ? rest[3..] : rest[3..bar]).ToString();
        }

        return rest.StartsWith("b__", StringComparison.Ordinal) ? inner + " (lambda)" : inner;
    }
}
