using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>Wraps the body of a forked task, thread or parallel iteration so that it runs as a new logical task that starts
/// after the fork and releases its completion when it returns.</summary>
/// <remarks>
/// <para>The fork hooks create one per fork and hand one of its <c>Invoke*</c> methods to the real API in place of the
/// user's delegate. Each invocation starts a new logical task (a parallel loop invokes one body many times, each
/// iteration a task of its own) and restores the thread's previous logical task when the body returns, in case the body
/// ran inline on a thread that had one.</para>
/// <para><b>Thread safety:</b> immutable apart from <see cref="TaskCompletion.Inner"/>, set by the single invocation of an
/// async body.</para>
/// <para><b>Happens-before:</b> everything released into the fork point happens-before each invocation; each invocation
/// happens-before what acquires <see cref="Completion"/>.</para>
/// </remarks>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal class ForkedBody
{
    private readonly RaceDetector _detector;

    private readonly SyncPoint _fork;

    private readonly string _spawnSite;

    /// <summary>Creates the wrapper of <paramref name="body"/>, forked by <paramref name="parent"/> now.</summary>
    /// <param name="parent">The forking logical task; what it did so far happens-before the body.</param>
    /// <param name="api">What forks, for reports, e.g. <c>Task.Run</c>.</param>
    /// <param name="site">The fork's source site.</param>
    /// <param name="body">The user's delegate.</param>
    public ForkedBody(LogicalTask parent, string api, string site, Delegate body)
    {
        _detector = parent.Owner;
        _fork = _detector.Fork(parent);
        _spawnSite = $"{api} at {RaceHooks.ShortSite(site)}";
        Body = body;
    }

    /// <summary>What each invocation releases when it returns; acquire it to join the body.</summary>
    public TaskCompletion Completion { get; } = new();

    /// <summary>The user's delegate.</summary>
    protected Delegate Body { get; }

    /// <summary>What else each invocation starts after, besides the fork: called with the new logical task before the body
    /// runs, to acquire more (the antecedent of a continuation, the cancellation that runs a callback).</summary>
    public Action<LogicalTask>? AlsoAfter { get; init; }

    /// <summary>What else each invocation releases into when it returns, besides <see cref="Completion"/>: called with the
    /// invocation's logical task (a cancellation callback releases to the <c>Cancel</c> that ran it).</summary>
    public Action<LogicalTask>? AlsoAtExit { get; init; }

    /// <summary>Runs an <see cref="Action"/> body.</summary>
    public void InvokeAction()
    {
        var (child, saved) = Enter();
        try
        {
            ((Action)Body)();
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs an <see cref="Action{Object}"/> body.</summary>
    public void InvokeWithState(object? state)
    {
        var (child, saved) = Enter();
        try
        {
            ((Action<object?>)Body)(state);
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs an <see cref="Action{Object, CancellationToken}"/> body (a cancellation callback).</summary>
    public void InvokeWithStateAndToken(object? state, CancellationToken token)
    {
        var (child, saved) = Enter();
        try
        {
            ((Action<object?, CancellationToken>)Body)(state, token);
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs <paramref name="run"/>, which calls the body, as one invocation: a logical task of its own.</summary>
    /// <remarks>For bodies whose shape has no <c>Invoke*</c> method here (continuations, which also take their antecedent).</remarks>
    public void Run(Action run)
    {
        var (child, saved) = Enter();
        try
        {
            run();
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs <paramref name="run"/>, which calls the body, as one invocation, and returns its result.</summary>
    /// <typeparam name="TResult">The body's result type.</typeparam>
    public TResult Run<TResult>(Func<TResult> run)
    {
        var (child, saved) = Enter();
        try
        {
            return run();
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs a <see cref="Func{Task}"/> body and records the task it returns, whose completion completes the proxy.</summary>
    public Task InvokeAsync()
    {
        var (child, saved) = Enter();
        try
        {
            var inner = ((Func<Task>)Body)();
            Completion.Inner = inner;
            return inner;
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs a <see cref="ThreadStart"/> body.</summary>
    public void InvokeThread()
    {
        var (child, saved) = Enter();
        try
        {
            ((ThreadStart)Body)();
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Runs a <see cref="ParameterizedThreadStart"/> body.</summary>
    public void InvokeThreadWith(object? parameter)
    {
        var (child, saved) = Enter();
        try
        {
            ((ParameterizedThreadStart)Body)(parameter);
        }
        finally
        {
            Exit(child, saved);
        }
    }

    /// <summary>Starts a new logical task for one invocation and makes it the thread's.</summary>
    protected (LogicalTask Child, TaskScope Saved) Enter()
    {
        var child = _detector.StartTask(_fork, _spawnSite);
        AlsoAfter?.Invoke(child);
        return (child, RaceHooks.EnterTask(child, _fork));
    }

    /// <summary>Releases the invocation's completion and gives the thread back its previous logical task.</summary>
    protected void Exit(LogicalTask child, TaskScope saved)
    {
        AlsoAtExit?.Invoke(child);
        _detector.Release(child, Completion.Point);
        RaceHooks.ExitTask(saved);
    }
}
