namespace Weft;

/// <summary>Declares that races on a field, or on every field a type or method touches, are benign and must not be
/// reported, as TSan's and Go's race suppressions do.</summary>
/// <remarks>
/// <para>On a field: its accesses are not recorded. On a class or struct: the accesses to its fields, and the accesses
/// made by its methods, are not recorded. On a method: the accesses that method makes are not recorded (including in its
/// lambdas and its async state machine). Synchronisation in suppressed code still creates happens-before edges.</para>
/// <para>Use it for races that are truly benign (a statistics counter read approximately, a lazily computed idempotent
/// cache); a suppressed real race is a bug Weft will no longer show. For suppressions that cannot be written into the
/// code, see <see cref="Exploration.ExplorationOptions.SuppressDataRacesOn"/>.</para>
/// <para><b>Thread safety:</b> immutable. <b>Happens-before:</b> creates no edge.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor,
    AllowMultiple = false, Inherited = false)]
public sealed class SuppressDataRaceAttribute : Attribute
{
    /// <summary>Suppresses race reports, saying why the race is benign.</summary>
    /// <param name="justification">Why the race is benign, for the next reader.</param>
    public SuppressDataRaceAttribute(string justification) => Justification = justification;

    /// <summary>Why the race is benign.</summary>
    public string Justification { get; }
}
