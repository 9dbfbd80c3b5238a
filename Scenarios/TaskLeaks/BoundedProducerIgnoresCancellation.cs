using System.Threading.Channels;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.TaskLeaks;

/// <summary>Bug (leaked-task): the producer writes without the consumer's token; once the consumer has taken its one item
/// and quit, the producer waits forever for room in the full channel, and the task leaks.</summary>
/// <seealso cref="BoundedProducer"/>
[Scenario("task-leaks/bounded-producer-ignores-cancellation",
    "A producer writes to a bounded channel without the consumer's token; when the consumer quits, it blocks forever.",
    Expected = BugKind.LeakedTask)]
public sealed class BoundedProducerIgnoresCancellation : IScenario
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
                await writer.WriteAsync(item); // BUG: without the token, nothing ends this wait once the consumer quit.
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
