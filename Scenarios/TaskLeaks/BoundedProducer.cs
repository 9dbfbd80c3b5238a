using System.Threading.Channels;
using Weft.Catalog;

namespace Weft.Scenarios.TaskLeaks;

/// <summary>A producer fills a bounded channel until its consumer, which needs only the first item, cancels; the producer
/// passes the token to every write, so it stops when the consumer quits.</summary>
/// <seealso cref="BoundedProducerIgnoresCancellation"/>
[Scenario("task-leaks/bounded-producer", "A producer writes to a bounded channel with the consumer's token; when the consumer quits, the producer stops.")]
public sealed class BoundedProducer : IScenario
{
    /// <inheritdoc/>
    public async Task RunAsync()
    {
        using var quit = new CancellationTokenSource();
        var channel = Channel.CreateBounded<int>(1);
        _ = Task.Run(() => ProduceAsync(channel.Writer, quit.Token));

        int first = await channel.Reader.ReadAsync();
        Check.Equal(0, first, "first item");
        quit.Cancel();
    }

    private static async Task ProduceAsync(ChannelWriter<int> writer, CancellationToken token)
    {
        try
        {
            for (int item = 0; item < 10; item++)
            {
                await writer.WriteAsync(item, token);
            }
        }
        catch (OperationCanceledException)
        {
            // The consumer quit: nothing more to produce.
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
