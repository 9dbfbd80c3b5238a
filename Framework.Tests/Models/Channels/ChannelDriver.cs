using System.Threading.Channels;

namespace Weft.Tests.Models.Channels;

/// <summary>Performs a <see cref="ChannelScript"/> on one channel, on the calling thread, and logs every observable
/// outcome: results, exceptions (by kind, token and identity), dropped items, the completion of pending operations (checked
/// after every step) and the final state.</summary>
/// <remarks>Two channels with the same behaviour produce the same log. The script never waits: a pending operation is
/// only polled, so nothing depends on timing.</remarks>
internal sealed class ChannelDriver : IDisposable
{
    private readonly Channel<int> _channel;
    private readonly CancellationTokenSource[] _sources = [new(), new(), new()];
    private readonly Exception _error = new InvalidOperationException("writing failed");
    private readonly OperationCanceledException _cancellation;
    private readonly List<string> _log = [];
    private readonly List<Pending> _pending = [];

    public ChannelDriver(ChannelSetup setup, Func<ChannelSetup, Action<int>, Channel<int>> create)
    {
        _cancellation = new OperationCanceledException("writing was canceled", _sources[0].Token);
        _channel = create(setup, item => _log.Add($"  dropped {item}"));
        _log.Add($"CanCount {_channel.Reader.CanCount}, CanPeek {_channel.Reader.CanPeek}");
    }

    /// <summary>Every observation, in order.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>The items of writes that ended canceled.</summary>
    public HashSet<int> CanceledWrites { get; } = [];

    /// <summary>The item each log line that reports a read received.</summary>
    public Dictionary<int, int> ReadItems { get; } = [];

    public void Run(IReadOnlyList<ChannelStep> steps)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            Perform(i, steps[i]);
            Poll();
        }

        // Drain what is left, which also releases blocked writes, and report the final state.
        int drained = 0;
        while (drained++ < 100 && _channel.Reader.TryRead(out int item))
        {
            ReadItems[_log.Count] = item;
            _log.Add($"end: read {item}");
            Poll();
        }

        _log.Add($"end: completion {Describe(_channel.Reader.Completion)}");
        _log.AddRange(_pending.Select(p => $"end: {p.Id} still pending"));
    }

    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }
    }

    private void Perform(int index, ChannelStep step)
    {
        var reader = _channel.Reader;
        var writer = _channel.Writer;
        string prefix = $"{index}:{step}";
        try
        {
            switch (step.Kind)
            {
                case ChannelStepKind.TryWrite:
                    _log.Add($"{prefix} -> {writer.TryWrite(index)}");
                    break;
                case ChannelStepKind.WriteAsync:
                    Track(prefix, writer.WriteAsync(index, Token(step.Token)), index);
                    break;
                case ChannelStepKind.WaitToWrite:
                    Track(prefix, writer.WaitToWriteAsync(Token(step.Token)));
                    break;
                case ChannelStepKind.TryRead:
                    LogRead(prefix, reader.TryRead(out int read), read);
                    break;
                case ChannelStepKind.ReadAsync:
                    Track(prefix, reader.ReadAsync(Token(step.Token)), isRead: true);
                    break;
                case ChannelStepKind.WaitToRead:
                    Track(prefix, reader.WaitToReadAsync(Token(step.Token)));
                    break;
                case ChannelStepKind.ReadAllNext:
                    ReadAllNext(prefix);
                    break;
                case ChannelStepKind.TryPeek:
                    _log.Add($"{prefix} -> {reader.TryPeek(out int peeked)} {peeked}");
                    break;
                case ChannelStepKind.Count:
                    _log.Add($"{prefix} -> {reader.Count}");
                    break;
                case ChannelStepKind.Complete:
                    writer.Complete(Error(step.Error));
                    _log.Add($"{prefix} -> done");
                    break;
                case ChannelStepKind.TryComplete:
                    _log.Add($"{prefix} -> {writer.TryComplete(Error(step.Error))}");
                    break;
                case ChannelStepKind.Cancel:
                    _sources[step.Token].Cancel();
                    _log.Add($"{prefix} -> done");
                    break;
                case ChannelStepKind.Completion:
                    _log.Add($"{prefix} -> {Describe(reader.Completion)}");
                    break;
            }
        }
        catch (Exception ex)
        {
            _log.Add($"{prefix} -> threw {Describe(ex)}");
        }
    }

    /// <summary>One move of a fresh enumerator, only when it cannot wait (an item is there, or the channel is complete):
    /// a waiting BCL enumerator would continue on the thread pool, which is timing.</summary>
    private void ReadAllNext(string prefix)
    {
        var reader = _channel.Reader;
        if (!reader.Completion.IsCompleted && !reader.TryPeek(out _))
        {
            _log.Add($"{prefix} -> skipped");
            return;
        }

        var enumerator = reader.ReadAllAsync().GetAsyncEnumerator();
        var move = enumerator.MoveNextAsync();
        if (!move.IsCompleted)
        {
            _log.Add($"{prefix} -> unexpectedly pending");
            return;
        }

        try
        {
            bool moved = move.Result;
            LogRead(prefix, moved, moved ? enumerator.Current : 0);
        }
        catch (Exception ex)
        {
            _log.Add($"{prefix} -> threw {Describe(ex)}");
        }

        enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void LogRead(string prefix, bool found, int item)
    {
        if (found)
        {
            ReadItems[_log.Count] = item;
        }

        _log.Add($"{prefix} -> {found} {(found ? item : 0)}");
    }

    private void Track(string prefix, ValueTask write, int item)
    {
        Pending pending = new(prefix, () => write.IsCompleted, () =>
        {
            write.GetAwaiter().GetResult();
            return "completed";
        }, item);
        Settle(pending);
    }

    private void Track<T>(string prefix, ValueTask<T> operation, bool isRead = false)
    {
        Pending pending = new(prefix, () => operation.IsCompleted, () =>
        {
            T result = operation.Result;
            if (isRead && result is int item)
            {
                ReadItems[_log.Count] = item;
            }

            return $"{result}";
        }, null);
        Settle(pending);
    }

    /// <summary>Logs an operation's outcome if it completed, or notes it as pending.</summary>
    private void Settle(Pending pending)
    {
        if (pending.IsCompleted())
        {
            _log.Add($"{pending.Id} -> {Outcome(pending)}");
        }
        else
        {
            _log.Add($"{pending.Id} -> pending");
            _pending.Add(pending);
        }
    }

    /// <summary>Logs, in issue order, every pending operation that has completed since the last poll.</summary>
    private void Poll()
    {
        foreach (var pending in _pending.Where(p => p.IsCompleted()).ToArray())
        {
            _pending.Remove(pending);
            _log.Add($"  {pending.Id} completed -> {Outcome(pending)}");
        }
    }

    /// <summary>Consumes a completed operation's result, exactly once (BCL value tasks may be reused after that).</summary>
    private string Outcome(Pending pending)
    {
        try
        {
            return pending.Result();
        }
        catch (Exception ex)
        {
            if (pending.WrittenItem is { } item && ex is OperationCanceledException)
            {
                CanceledWrites.Add(item);
            }

            return $"threw {Describe(ex)}";
        }
    }

    private CancellationToken Token(int token) => token switch
    {
        0 => default,
        1 => new CancellationToken(canceled: true),
        _ => _sources[token - 2].Token,
    };

    private Exception? Error(int error) => error switch
    {
        0 => null,
        1 => _error,
        _ => _cancellation,
    };

    /// <summary>An exception by what a caller can tell apart: identity with the run's completion errors, the token of a
    /// cancellation (not its exact type), the inner exception of a <see cref="ChannelClosedException"/>.</summary>
    private string Describe(Exception exception) => exception switch
    {
        _ when ReferenceEquals(exception, _error) => "the completion error",
        _ when ReferenceEquals(exception, _cancellation) => "the completion cancellation",
        OperationCanceledException canceled => $"canceled by {Describe(canceled.CancellationToken)}",
        ChannelClosedException closed => $"ChannelClosedException({(closed.InnerException is { } inner ? Describe(inner) : "no inner")}): {closed.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private string Describe(CancellationToken token)
    {
        if (token == default)
        {
            return "no token";
        }

        int source = Array.FindIndex(_sources, s => s.Token == token);
        return source >= 0 ? $"source {source}" : token == new CancellationToken(canceled: true) ? "a canceled token" : "another token";
    }

    private string Describe(Task completion) => completion.Status switch
    {
        TaskStatus.RanToCompletion => "completed",
        TaskStatus.Canceled => $"canceled ({Describe(CancellationOf(completion))})",
        TaskStatus.Faulted => $"faulted ({Describe(completion.Exception!.InnerException!)})",
        _ => "pending",
    };

    private static OperationCanceledException CancellationOf(Task canceled)
    {
        try
        {
            canceled.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("A canceled task did not throw OperationCanceledException.");
    }

    /// <summary>An operation whose outcome is logged once it completes.</summary>
    private sealed record Pending(string Id, Func<bool> IsCompleted, Func<string> Result, int? WrittenItem);
}
