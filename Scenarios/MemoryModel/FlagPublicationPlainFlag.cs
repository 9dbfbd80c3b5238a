using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.MemoryModel;

/// <summary>Bug (data-race): the flag is a plain field, so nothing orders the producer's stores before the consumer's
/// loads: the compiler or the processor may reorder the two stores (on ARM a consumer can see the flag and then a stale
/// value), and the JIT may hoist a plain flag out of a polling loop. The check never fails under the scheduler, which runs
/// each task's stores in order; the race is reported anyway, on the first iteration.</summary>
/// <seealso cref="FlagPublication"/>
[Scenario("memory-model/flag-publication-plain-flag", "A value published behind a plain bool flag; nothing orders the value's store before the consumer's load.",
    Expected = BugKind.DataRace)]
public sealed class FlagPublicationPlainFlag : IScenario
{
    private int _value;
    private bool _ready;

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var producer = Task.Run(() =>
        {
            _value = 42;
            _ready = true; // BUG: a plain store releases nothing...
        });
        var consumer = Task.Run(() =>
        {
            if (_ready) // BUG: ...and a plain load acquires nothing.
            {
                Check.Equal(42, _value, "value seen after the flag");
            }
        });
        await Task.WhenAll(producer, consumer);
    }
}
