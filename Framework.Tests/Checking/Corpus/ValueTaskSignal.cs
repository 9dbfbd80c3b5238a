using System.Threading.Tasks.Sources;

namespace Weft.Tests.Checking.Corpus;

/// <summary>A one-shot value task source built on <see cref="ManualResetValueTaskSourceCore{TResult}"/>, the way user code
/// writes its own: whoever completes it hands a value to whoever awaits <see cref="Task"/>.</summary>
public sealed class ValueTaskSignal : IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _core;

    /// <summary>The value task that completes with <see cref="Complete"/>'s value.</summary>
    public ValueTask<int> Task => new(this, _core.Version);

    /// <summary>Completes <see cref="Task"/> with <paramref name="value"/>.</summary>
    public void Complete(int value) => _core.SetResult(value);

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
