using System.Diagnostics.CodeAnalysis;

namespace Weft.Reporting;

/// <summary>The kebab-case names users type for the values of one enum: the one place each name is spelled.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
/// <remarks><b>Thread safety:</b> immutable; safe for concurrent use.</remarks>
internal sealed class NameRegistry<TEnum>
    where TEnum : struct, Enum
{
    private readonly (TEnum Value, string Name)[] _names;

    /// <summary>Creates the registry; every value of <typeparamref name="TEnum"/> must have exactly one name.</summary>
    /// <exception cref="ArgumentException">A value has no name or two, or two values share a name.</exception>
    public NameRegistry(params (TEnum Value, string Name)[] names)
    {
        if (names.Select(n => n.Value).Distinct().Count() != names.Length
            || names.Select(n => n.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length
            || Enum.GetValues<TEnum>().Any(v => !names.Any(n => EqualityComparer<TEnum>.Default.Equals(n.Value, v))))
        {
            throw new ArgumentException($"Every {typeof(TEnum).Name} value needs exactly one distinct name.", nameof(names));
        }

        _names = names;
        All = names.Select(n => n.Name).ToArray();
    }

    /// <summary>Every name, in declaration order.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>The name of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a defined value.</exception>
    public string Of(TEnum value)
    {
        foreach (var (v, name) in _names)
        {
            if (EqualityComparer<TEnum>.Default.Equals(v, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(TEnum).Name}.");
    }

    /// <summary>Parses a name, case-insensitively.</summary>
    public bool TryParse(string? name, [NotNullWhen(true)] out TEnum? value)
    {
        foreach (var (v, n) in _names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = null;
        return false;
    }
}
