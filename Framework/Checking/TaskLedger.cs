namespace Weft.Checking;

/// <summary>The tasks an iteration started and the tasks it awaited, each with the source site where that happened.</summary>
/// <remarks>
/// Filled by the hooks the build step puts after <c>Task.Run</c>, <c>StartNew</c> and calls of <c>async</c> methods, and
/// before each <c>await</c>. Tasks that never complete are what the leak check reports: a started task still pending is
/// a leaked logical task (a <c>Task.Run</c> body or an async method suspended forever), and a pending awaited task that
/// nobody started is what it waits on (a <see cref="TaskCompletionSource"/>, a semaphore, a channel).
/// <b>Thread safety:</b> used by the controlled operations of one iteration, which the scheduler runs one at a time.
/// </remarks>
internal sealed class TaskLedger
{
    /// <summary>Started tasks in start order; a task started twice (say, returned by a cache) is listed once.</summary>
    private readonly List<(Task Task, string Site)> _started = [];

    private readonly HashSet<Task> _startedSet = new(ReferenceEqualityComparer.Instance);

    /// <summary>Awaited tasks with the last site that awaited each, in first-await order.</summary>
    private readonly List<Task> _awaitedOrder = [];

    private readonly Dictionary<Task, (string Site, string What)> _awaited = new(ReferenceEqualityComparer.Instance);

    /// <summary>The last wait a model registered whose await site is not known yet: the value-task await that follows it on
    /// the same operation names the site. No scheduling point lies between the two, so no other operation can intervene.</summary>
    private Task? _unsited;

    /// <summary>The site recorded for waits whose await site never became known.</summary>
    private const string UnknownSite = "an unrecorded site";

    /// <summary>Records a task started at <paramref name="site"/>.</summary>
    public void Started(Task task, string site)
    {
        if (_startedSet.Add(task))
        {
            _started.Add((task, site));
        }
    }

    /// <summary>Records that <paramref name="task"/>, a <paramref name="what"/>, is awaited at <paramref name="site"/>.</summary>
    public void Awaiting(Task task, string site, string what)
    {
        if (!_awaited.ContainsKey(task))
        {
            _awaitedOrder.Add(task);
        }

        _awaited[task] = (site, what);
    }

    /// <summary>Records that a model (a channel, say) made the current operation wait on <paramref name="task"/>, a
    /// <paramref name="what"/>; the next value-task await names the site.</summary>
    public void Blocked(Task task, string what)
    {
        Awaiting(task, UnknownSite, what);
        _unsited = task;
    }

    /// <summary>Records the site of a value-task await: it names the site of the wait a model registered just before.</summary>
    public void AwaitingValue(string site)
    {
        if (_unsited is { } task && _awaited.TryGetValue(task, out var wait))
        {
            _awaited[task] = (site, wait.What);
        }

        _unsited = null;
    }

    /// <summary>The sites of the started tasks that have not completed, in start order.</summary>
    public IReadOnlyList<string> PendingStarts() =>
        _started.Where(s => !s.Task.IsCompleted).Select(s => s.Site).ToArray();

    /// <summary>What the pending work waits on: pending awaited tasks that were not themselves started tasks.</summary>
    public IReadOnlyList<string> PendingWaits() =>
        _awaitedOrder.Where(t => !t.IsCompleted && !_startedSet.Contains(t))
            .Select(t => $"{_awaited[t].What} at {_awaited[t].Site}")
            .ToArray();
}
