using Microsoft.Coyote.Rewriting;

namespace Weft.Checking;

/// <summary>The shadow of one object: the <see cref="LocationState"/> of each of its fields that was accessed, or of each
/// accessed element when the object is an array.</summary>
/// <remarks>
/// Fields are few per object, so they sit in two small parallel arrays searched by reference: field names are
/// interned string literals emitted by the build step. Elements of small arrays sit in a dense array indexed like the
/// array; elements of large arrays in a dictionary, so that a huge array with a few touched elements costs little.
/// <b>Thread safety:</b> guarded by the owning <see cref="RaceDetector"/>'s lock.
/// </remarks>
[SkipRewriting("Race detector state: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class ObjectShadow
{
    /// <summary>Arrays up to this length get a dense element shadow.</summary>
    public const int DenseElementLimit = 4096;

    /// <summary>The accessed field names, in first-access order; <see langword="null"/> until the first field access.</summary>
    private string[]? _fields;

    /// <summary>The state of each field in <see cref="_fields"/>, at the same index.</summary>
    private LocationState[]? _fieldStates;

    /// <summary>How many entries of <see cref="_fields"/> are used.</summary>
    private int _fieldCount;

    /// <summary>Element states of an array of at most <see cref="DenseElementLimit"/> elements, indexed like the array.</summary>
    private LocationState?[]? _dense;

    /// <summary>Element states of a larger array, by index.</summary>
    private Dictionary<long, LocationState>? _sparse;

    /// <summary>Finds the state of a field, or creates it when <paramref name="create"/> is not <see langword="null"/>.</summary>
    public LocationState? Field(string field, Func<LocationState?> create)
    {
        var fields = _fields;
        for (int i = 0; i < _fieldCount; i++)
        {
            if (ReferenceEquals(fields![i], field) || string.Equals(fields[i], field, StringComparison.Ordinal))
            {
                return _fieldStates![i];
            }
        }

        var state = create();
        if (state is null)
        {
            return null;
        }

        if (fields is null || _fieldCount == fields.Length)
        {
            int size = fields is null ? 2 : fields.Length * 2;
            Array.Resize(ref _fields, size);
            Array.Resize(ref _fieldStates, size);
        }

        _fields![_fieldCount] = field;
        _fieldStates![_fieldCount] = state;
        _fieldCount++;
        return state;
    }

    /// <summary>Finds the state of element <paramref name="index"/> of an array of <paramref name="length"/> elements, or
    /// creates it through <paramref name="create"/>.</summary>
    public LocationState? Element(long index, long length, Func<LocationState?> create)
    {
        if (length <= DenseElementLimit)
        {
            _dense ??= new LocationState?[length];
            ref var slot = ref _dense[index];
            return slot ??= create();
        }

        _sparse ??= [];
        if (_sparse.TryGetValue(index, out var existing))
        {
            return existing;
        }

        var state = create();
        if (state is not null)
        {
            _sparse.Add(index, state);
        }

        return state;
    }
}
