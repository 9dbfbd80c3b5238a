using System.Threading.Channels;

namespace Weft.Models.Channels;

/// <summary>The sequence <see cref="ChannelModelReader{T}.ReadAllAsync"/> returns: every item until the channel is closed.</summary>
/// <remarks>
/// <para>The BCL implements <see cref="ChannelReader{T}.ReadAllAsync"/> as an <c>async</c> iterator whose
/// <c>MoveNextAsync</c> returns a value task over a reusable source, which the scheduler cannot see. This one has the same
/// loop (wait to read, then read while items are there) but returns tasks of <c>async</c> methods in Weft.dll, which the
/// build step rewrites, so the scheduler controls them.</para>
/// <para>As with an <c>async</c> iterator, the tokens of <see cref="ChannelReader{T}.ReadAllAsync"/> and of
/// <see cref="GetAsyncEnumerator"/> both cancel the enumeration.</para>
/// <para><b>Thread safety:</b> each enumerator is for one logical task, like any enumerator.</para>
/// <para><b>Happens-before:</b> those of the reader it reads from.</para>
/// </remarks>
internal sealed class ChannelReadAllEnumerable<T> : IAsyncEnumerable<T>
{
    private readonly ChannelReader<T> _reader;
    private readonly CancellationToken _cancellationToken;

    public ChannelReadAllEnumerable(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        _reader = reader;
        _cancellationToken = cancellationToken;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _cancellationToken)
        {
            return new Enumerator(_reader, _cancellationToken, linked: null);
        }

        if (!_cancellationToken.CanBeCanceled)
        {
            return new Enumerator(_reader, cancellationToken, linked: null);
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        return new Enumerator(_reader, linked.Token, linked);
    }

    /// <summary>One enumeration: drains the items present, then waits for more, until the channel is closed.</summary>
    private sealed class Enumerator : IAsyncEnumerator<T>
    {
        private readonly ChannelReader<T> _reader;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenSource? _linked;

        /// <summary>Whether the last item came from the inner loop that reads while items are present: the next move reads
        /// again before it waits.</summary>
        private bool _draining;

        /// <summary>Whether the enumeration ended (the channel closed, or a move threw): every later move returns false.</summary>
        private bool _finished;

        public Enumerator(ChannelReader<T> reader, CancellationToken cancellationToken, CancellationTokenSource? linked)
        {
            _reader = reader;
            _cancellationToken = cancellationToken;
            _linked = linked;
        }

        public T Current { get; private set; } = default!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_finished)
            {
                return new ValueTask<bool>(false);
            }

            if (_draining)
            {
                if (_reader.TryRead(out T? item))
                {
                    Current = item;
                    return new ValueTask<bool>(true);
                }

                _draining = false;
            }

            return new ValueTask<bool>(WaitThenReadAsync());
        }

        public ValueTask DisposeAsync()
        {
            _finished = true;
            _linked?.Dispose();
            return default;
        }

        private async Task<bool> WaitThenReadAsync()
        {
            try
            {
                while (await _reader.WaitToReadAsync(_cancellationToken).ConfigureAwait(false))
                {
                    if (_reader.TryRead(out T? item))
                    {
                        Current = item;
                        _draining = true;
                        return true;
                    }
                }
            }
            catch
            {
                _finished = true;
                throw;
            }

            _finished = true;
            return false;
        }
    }
}
