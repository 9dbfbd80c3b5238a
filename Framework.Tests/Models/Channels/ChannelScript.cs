namespace Weft.Tests.Models.Channels;

/// <summary>A differential run: a channel and the steps to perform on it, one after another on one thread.</summary>
public sealed record ChannelScript(ChannelSetup Setup, IReadOnlyList<ChannelStep> Steps)
{
    public override string ToString() =>
        $"{Setup}{Environment.NewLine}  steps: {string.Join("; ", Steps.Select((s, i) => $"{i}:{s}"))}";
}
