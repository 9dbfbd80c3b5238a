using Weft.Catalog;

namespace Weft.Scenarios.MemoryModel;

/// <summary>A producer stores a value, then raises a ready flag with <see cref="Volatile.Write(ref bool, bool)"/>; a
/// consumer that sees the flag with <see cref="Volatile.Read(ref readonly bool)"/> also sees the value. The volatile write is a
/// release and the volatile read an acquire, so the value's store happens-before its load.</summary>
/// <seealso cref="FlagPublicationPlainFlag"/>
[Scenario("memory-model/flag-publication", "A value published behind a Volatile.Write flag; a consumer that Volatile.Reads the flag sees the value.")]
public sealed class FlagPublication : IScenario
{
    private int _value;
    private bool _ready;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var producer = Task.Run(() =>
        {
            _value = 42;
            Volatile.Write(ref _ready, true);
        });
        var consumer = Task.Run(() =>
        {
            if (Volatile.Read(ref _ready))
            {
                Check.Equal(42, _value, "value seen after the flag");
            }
        });
        await Task.WhenAll(producer, consumer);
    }
}
