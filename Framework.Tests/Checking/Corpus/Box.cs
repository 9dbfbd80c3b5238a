namespace Weft.Tests.Checking.Corpus;

/// <summary>A plain heap object whose fields the corpus programs share between logical tasks.</summary>
public sealed class Box
{
    public int Value;

    public int Other;

    public bool Ready;

    public volatile bool VolatileReady;

    public Box? Next;
}

/// <summary>Marks a corpus program whose verdict the detector does not reach yet; the theory skips it with this reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KnownGapAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
