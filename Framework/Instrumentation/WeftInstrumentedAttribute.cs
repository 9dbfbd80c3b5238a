namespace Weft.Instrumentation;

/// <summary>Marks an assembly that Weft's build step instrumented, with the Weft version and the passes that ran.</summary>
/// <remarks>Applied by the build step, not by hand. Its presence makes the step idempotent: a marked assembly from the same
/// Weft version is not instrumented again. <b>Thread safety:</b> immutable.</remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class WeftInstrumentedAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="version">The Weft version that instrumented the assembly.</param>
    /// <param name="passes">The names of the passes that ran, comma-separated, in order.</param>
    public WeftInstrumentedAttribute(string version, string passes)
    {
        Version = version;
        Passes = passes;
    }

    /// <summary>The Weft version that instrumented the assembly.</summary>
    public string Version { get; }

    /// <summary>The names of the passes that ran, comma-separated, in order.</summary>
    public string Passes { get; }
}
