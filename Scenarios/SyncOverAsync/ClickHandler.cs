using System.Collections.Concurrent;
using Weft.Catalog;

namespace Weft.Scenarios.SyncOverAsync;

/// <summary>A UI click handler loads data asynchronously; the load reports progress on the UI thread with a synchronous
/// <c>Invoke</c> (as <c>Control.Invoke</c> and <c>Dispatcher.Invoke</c> do). The handler awaits the load, async all the
/// way: its UI-thread work item ends at that await, so the UI thread is free to run the load's progress report, and the
/// handler comes back to the UI thread to show the result.</summary>
/// <seealso cref="ClickHandlerBlocksOnResult"/>
[Scenario("sync-over-async/click-handler", "A UI click handler awaits an async load that Invokes progress onto the UI thread; the UI thread stays free.")]
public sealed class ClickHandler : IScenario
{
    private string _status = "idle"; // UI-thread state
    private int _progress; // UI-thread state

    /// <inheritdoc/>
    public async Task RunAsync()
    {
        var ui = new UiThread();
        var pumping = ui.RunAsync();
        var handled = new TaskCompletionSource();
        ui.Post(() => _ = OnLoadClickedAsync(ui, handled));
        await handled.Task;
        ui.Post(null);
        await pumping;
        Check.Equal("loaded (100%)", _status, "status after the click");
    }

    /// <summary>Runs on the UI thread.</summary>
    private async Task OnLoadClickedAsync(UiThread ui, TaskCompletionSource handled)
    {
        string data = await LoadAsync(ui);
        await ui.InvokeAsync(() => _status = $"{data} ({_progress}%)");
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
