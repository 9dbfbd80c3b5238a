using System.Text;
using Weft.Reporting;

namespace Weft.Checking;

/// <summary>Decides what, still pending when a test returned, is a leak, and describes it, in the manner of goleak.</summary>
/// <remarks>
/// A task is leaked when it is still pending after the test returned and every task that could still run has run: it
/// waits on something nobody will ever signal (a channel, a semaphore, a lock, a <see cref="TaskCompletionSource"/>).
/// Work whose site or code names one of the ignored methods is a known long-lived task and is not a leak.
/// <b>Thread safety:</b> immutable; safe for concurrent use.
/// </remarks>
internal sealed class LeakDetector(IReadOnlyList<string> ignoredMethods)
{
    /// <summary>Removes the ignored work from a look at what is pending.</summary>
    /// <remarks>A pending item is ignored when it names an ignored method. A pending <c>Task.Run</c> or <c>StartNew</c>
    /// task is a wrapper: it is ignored too when everything else pending was ignored, since it only waits for that work.</remarks>
    public LeakSnapshot Leaks(IReadOnlyList<string> startedTasks, IReadOnlyList<string> waits, IEnumerable<PendingTask> operations)
    {
        if (ignoredMethods.Count == 0)
        {
            return new LeakSnapshot(startedTasks, waits, operations.ToArray());
        }

        var tasks = startedTasks.Where(task => !IsIgnored(task)).ToList();
        var remainingWaits = waits.Where(wait => !IsIgnored(wait)).ToArray();
        var remainingOperations = operations.Where(op => !IsIgnored(op.Entry) && !IsIgnored(op.LastMethod)).ToArray();
        bool anythingIgnored = tasks.Count < startedTasks.Count || remainingWaits.Length < waits.Count;
        if (anythingIgnored && remainingWaits.Length == 0 && tasks.All(IsWrapper))
        {
            tasks.Clear();
            remainingOperations = [];
        }

        return new LeakSnapshot(tasks, remainingWaits, remainingOperations);
    }

    private static bool IsWrapper(string task) =>
        task.StartsWith("Task.Run at ", StringComparison.Ordinal) || task.StartsWith("TaskFactory.StartNew at ", StringComparison.Ordinal);

    /// <summary>The failure that reports <paramref name="leaks"/>: a message naming the first leaked task, where it started
    /// and what it waits on, and a detail line per pending task, wait and operation.</summary>
    public static IterationFailure Describe(LeakSnapshot leaks)
    {
        // Name the stuck code first: a Task.Run wrapper is pending only because of what it runs.
        leaks = leaks with { Tasks = [.. leaks.Tasks.Where(t => !IsWrapper(t)), .. leaks.Tasks.Where(IsWrapper)] };
        string message;
        if (leaks.Tasks.Count > 0)
        {
            string waits = leaks.Waits.Count > 0 ? $"; it waits on {leaks.Waits[0]}" : string.Empty;
            message = leaks.Tasks.Count == 1
                ? $"1 task was still pending when the test returned: {leaks.Tasks[0]}{waits}."
                : $"{leaks.Tasks.Count} tasks were still pending when the test returned; the first: {leaks.Tasks[0]}{waits}.";
        }
        else
        {
            var op = leaks.Operations[0];
            string where = op.LastMethod ?? op.Entry ?? "code the scheduler did not name";
            message = leaks.Operations.Count == 1
                ? $"1 task was still pending when the test returned: {op.Name}, {op.State} in {where}."
                : $"{leaks.Operations.Count} tasks were still pending when the test returned; the first, {op.Name}, is {op.State} in {where}.";
        }

        var details = new StringBuilder();
        foreach (var task in leaks.Tasks)
        {
            details.Append("pending: ").Append(task).Append('\n');
        }

        foreach (var wait in leaks.Waits)
        {
            details.Append("waiting on ").Append(wait).Append('\n');
        }

        foreach (var op in leaks.Operations)
        {
            details.Append($"{op.Name}: {op.State}; started by {op.Parent}");
            if (op.Entry is not null)
            {
                details.Append($", running {op.Entry}");
            }

            details.Append('\n');
        }

        return new IterationFailure(BugKind.LeakedTask, message, details.ToString().TrimEnd());
    }

    /// <summary>The failure that reports a periodic timer still armed once the test returned and every task that could
    /// finish has.</summary>
    /// <param name="timer">What the timer is, as <c>a timer calling Type.Method</c>.</param>
    /// <param name="period">The timer's period.</param>
    public static IterationFailure DescribeTimer(string timer, TimeSpan period) => new(
        BugKind.LeakedTask,
        $"1 timer was still armed when the test returned: {timer} every {Format(period)}, which keeps firing after the test is done; dispose it when its owner is done.",
        string.Empty);

    /// <summary>Whether <paramref name="text"/> (a task's site, a wait, a method, a timer) names an ignored method.</summary>
    public bool IsIgnored(string? text) =>
        text is not null && ignoredMethods.Any(ignored => text.Contains(ignored, StringComparison.Ordinal));

    /// <summary>A duration as people write it: <c>1 s</c>, <c>250 ms</c>, else <c>hh:mm:ss.fffffff</c>.</summary>
    private static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{duration.Ticks / TimeSpan.TicksPerSecond} s"
        : duration.Ticks % TimeSpan.TicksPerMillisecond == 0 ? $"{duration.Ticks / TimeSpan.TicksPerMillisecond} ms"
        : duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
