using System.Runtime.CompilerServices;
using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>The race detector's shadow memory: one <see cref="LocationState"/> per accessed location, keyed by (object,
/// field), (array, index) or static field.</summary>
/// <remarks>
/// <para>Memory stays bounded. Object and array shadows hang off their objects in a <see cref="ConditionalWeakTable{TKey, TValue}"/>,
/// so they die with the objects; static fields are finitely many; and at most <see cref="MaxLocations"/> locations are
/// tracked at once: accesses to further new locations are counted in <see cref="UntrackedAccesses"/> and not checked.
/// The whole shadow memory belongs to one iteration and is dropped with it.</para>
/// <para><b>Thread safety:</b> guarded by the owning <see cref="RaceDetector"/>'s lock.</para>
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class ShadowMemory
{
    private readonly ConditionalWeakTable<object, ObjectShadow> _objects = [];

    private readonly Dictionary<string, LocationState> _statics = new(StringComparer.Ordinal);

    /// <summary>Creates a location state if the bound allows; cached so that lookups do not allocate a delegate.</summary>
    private readonly Func<LocationState?> _create;

    /// <summary>The object looked up last, and its shadow: consecutive accesses to one object are common.</summary>
    private object? _lastObject;

    private ObjectShadow? _lastShadow;

    /// <summary>Creates an empty shadow memory.</summary>
    /// <param name="maxLocations">The most locations tracked at once; at least 1.</param>
    public ShadowMemory(int maxLocations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLocations, 1);
        MaxLocations = maxLocations;
        _create = Create;
    }

    /// <summary>The most locations tracked at once.</summary>
    public int MaxLocations { get; }

    /// <summary>How many locations have a state (including those of objects that died but were not yet collected).</summary>
    public int LocationCount { get; private set; }

    /// <summary>How many accesses went unchecked because <see cref="MaxLocations"/> was reached.</summary>
    public long UntrackedAccesses { get; private set; }

    /// <summary>The state of field <paramref name="field"/> of <paramref name="target"/>, or <see langword="null"/> if untracked.</summary>
    public LocationState? Field(object target, string field) => Shadow(target).Field(field, _create);

    /// <summary>The state of element <paramref name="index"/> of <paramref name="array"/>, or <see langword="null"/> if untracked.</summary>
    public LocationState? Element(Array array, long index) => Shadow(array).Element(index, array.LongLength, _create);

    /// <summary>The state of static field <paramref name="field"/>, or <see langword="null"/> if untracked.</summary>
    public LocationState? Static(string field)
    {
        if (_statics.TryGetValue(field, out var state))
        {
            return state;
        }

        state = Create();
        if (state is not null)
        {
            _statics.Add(field, state);
        }

        return state;
    }

    private ObjectShadow Shadow(object target)
    {
        if (ReferenceEquals(target, _lastObject))
        {
            return _lastShadow!;
        }

        var shadow = _objects.GetValue(target, static _ => new ObjectShadow());
        _lastObject = target;
        _lastShadow = shadow;
        return shadow;
    }

    private LocationState? Create()
    {
        if (LocationCount >= MaxLocations)
        {
            UntrackedAccesses++;
            return null;
        }

        LocationCount++;
        return new LocationState();
    }
}
