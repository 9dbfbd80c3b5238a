using System.Collections.Concurrent;
using Weft.Catalog;
using Weft.Reporting;

namespace Weft.Scenarios.SyncOverAsync;

/// <summary>Bug (deadlock): the click handler blocks the UI thread on <c>LoadAsync(ui).Result</c>. The load reports its
/// progress with a synchronous <c>Invoke</c>, which waits for the UI thread, which waits for the load: neither can go on,
/// the classic sync-over-async deadlock of UI and legacy ASP.NET code.</summary>
/// <seealso cref="ClickHandler"/>
[Scenario("sync-over-async/click-handler-blocks-on-result", "A UI click handler blocks on .Result of a load that Invokes onto the UI thread; both wait forever.",
    Expected = BugKind.Deadlock)]
public sealed class ClickHandlerBlocksOnResult : IScenario
{
    private string _status = "idle"; // UI-thread state
    private int _progress; // UI-thread state

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var ui = new UiThread();
        var pumping = ui.RunAsync();
        var handled = new TaskCompletionSource();
        ui.Post(() => OnLoadClicked(ui, handled));
        await handled.Task;
        ui.Post(null);
        await pumping;
        Check.Equal("loaded (100%)", _status, "status after the click");
    }

    /// <summary>Runs on the UI thread.</summary>
    private void OnLoadClicked(UiThread ui, TaskCompletionSource handled)
    {
        string data = LoadAsync(ui).Result; // BUG: blocks the UI thread until the load ends, but the load needs the UI thread.
        _status = $"{data} ({_progress}%)";
        handled.SetResult();
    }

    private async Task<string> LoadAsync(UiThread ui)
    {
        await Task.Yield(); // the I/O
        ui.Invoke(() => _progress = 100);
        return "loaded";
    }

    /// <summary>A UI thread: the actions posted to it run one at a time, in order; <see langword="null"/> stops it.</summary>
    private sealed class UiThread
    {
        private readonly ConcurrentQueue<Action?> _queue = new();
        private readonly SemaphoreSlim _posted = new(0);

        /// <summary>The message loop.</summary>
        public async Task RunAsync()
        {
            while (true)
            {
                await _posted.WaitAsync();
                _queue.TryDequeue(out var action);
                if (action is null)
                {
                    return;
                }

                action();
            }
        }

        public void Post(Action? action)
        {
            _queue.Enqueue(action);
            _posted.Release();
        }

        /// <summary>Runs <paramref name="action"/> on the UI thread and blocks until it has run.</summary>
        public void Invoke(Action action) => InvokeAsync(action).Wait();

        /// <summary>Runs <paramref name="action"/> on the UI thread; the task completes once it has run.</summary>
        public Task InvokeAsync(Action action)
        {
            var done = new TaskCompletionSource();
            Post(() =>
            {
                action();
                done.SetResult();
            });
            return done.Task;
        }
    }
}
