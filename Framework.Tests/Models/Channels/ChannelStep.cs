namespace Weft.Tests.Models.Channels;

/// <summary>One step of a differential run.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Token">For an asynchronous operation, its token: 0 none, 1 already canceled, 2 to 4 one of the run's three
/// cancellation sources. For <see cref="ChannelStepKind.Cancel"/>, the source to cancel (0 to 2).</param>
/// <param name="Error">For a completion: 0 no error, 1 an exception, 2 an <see cref="OperationCanceledException"/>.</param>
public sealed record ChannelStep(ChannelStepKind Kind, int Token, int Error)
{
    public override string ToString() => Kind switch
    {
        ChannelStepKind.WriteAsync or ChannelStepKind.WaitToWrite or ChannelStepKind.ReadAsync or ChannelStepKind.WaitToRead => $"{Kind}(token {Token})",
        ChannelStepKind.Cancel => $"Cancel(source {Token})",
        ChannelStepKind.Complete or ChannelStepKind.TryComplete => $"{Kind}(error {Error})",
        _ => Kind.ToString(),
    };
}
