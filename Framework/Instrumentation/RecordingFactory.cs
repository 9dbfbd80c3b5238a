using Microsoft.Coyote.Rewriting;

namespace Weft.Instrumentation;

/// <summary>Remembers the value a wrapped value factory made, to tell whether the dictionary kept it.</summary>
/// <remarks><b>Thread safety:</b> used by the one operation that made it (a dictionary may run the factory again, on the
/// same thread, after another task changed the key).</remarks>
/// <typeparam name="TValue">The dictionary's value type.</typeparam>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class RecordingFactory<TValue>
{
    private bool _ran;

    private TValue? _made;

    /// <summary>Records and returns <paramref name="value"/>.</summary>
    public TValue Made(TValue value)
    {
        _ran = true;
        _made = value;
        return value;
    }

    /// <summary>Whether <paramref name="result"/> is the value this factory made: the same object for a reference type,
    /// an equal value otherwise.</summary>
    public bool IsMadeHere(TValue result) =>
        _ran && (typeof(TValue).IsValueType ? EqualityComparer<TValue>.Default.Equals(_made, result) : ReferenceEquals(_made, result));
}
