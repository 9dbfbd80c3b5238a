using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Instrumentation;
using CoyoteTask = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task;

namespace Weft.Models;

/// <summary>The controlled stand-in for <see cref="Parallel.Invoke(Action[])"/>, <see cref="Parallel.For(int, int, Action{int})"/>
/// and <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, Action{TSource})"/> (and their <see cref="ParallelOptions"/>
/// overloads): the build step redirects their calls in rewritten code here.</summary>
/// <remarks>
/// <para>Coyote 1.7.11 does not control <see cref="Parallel.Invoke(Action[])"/> (its actions run on real threads, reported as
/// an uncontrolled invocation) and runs <c>For</c> and <c>ForEach</c> partly inline on the calling thread. Under exploration
/// this model runs the bodies on controlled tasks: at most 4 (or the options' <see cref="ParallelOptions.MaxDegreeOfParallelism"/>)
/// workers, each taking the next action, index or item until none is left, and the caller waits for all of them. Which
/// worker runs which body, and how the workers interleave, is the scheduler's choice. Outside an exploration every call
/// goes to <see cref="Parallel"/>.</para>
/// <para>As in the BCL: the arguments are checked first; a cancelled <see cref="ParallelOptions.CancellationToken"/> stops
/// the loop before it starts or between bodies and throws <see cref="OperationCanceledException"/>; once a body throws, no
/// new body starts, and the call throws an <see cref="AggregateException"/> of the bodies' exceptions. <c>ForEach</c>
/// enumerates its source before the first body starts. A loop that runs to its end returns a completed
/// <see cref="ParallelLoopResult"/>.</para>
/// <para>Not modelled, left to <see cref="Parallel"/>: loops with <see cref="ParallelLoopState"/>, thread-local state,
/// <see cref="long"/> ranges or partitioners, and <c>Parallel.ForEachAsync</c>.</para>
/// <para><b>Thread safety:</b> safe for concurrent use, like <see cref="Parallel"/>.</para>
/// <para><b>Happens-before:</b> what the caller did before the call happens-before every body; every body happens-before
/// what follows the call, whether it returns or throws. Bodies are not ordered with each other: each runs as a logical
/// task of its own.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("The model calls Coyote's controlled tasks itself, and the real Parallel outside an exploration.")]
public static class ParallelModel
{
    /// <summary>The most workers a loop uses when its options do not say: Coyote's own bound for its parallel loops. A fixed
    /// number, not the machine's processor count, so that a trace replays on any machine.</summary>
    private const int DefaultWorkers = 4;

    /// <summary>The result of a loop that ran to its end (the BCL's own, from an empty loop).</summary>
    private static readonly ParallelLoopResult s_completed = Parallel.For(0, 0, static _ => { });

    /// <summary>Stands in for <see cref="Parallel.Invoke(Action[])"/>.</summary>
    /// <param name="actions">The actions to run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actions"/> is null.</exception>
    /// <exception cref="ArgumentException">One of the actions is null.</exception>
    /// <exception cref="AggregateException">One or more actions threw.</exception>
    public static void Invoke(params Action[] actions) => Invoke(actions, null, null);

    /// <summary>Stands in for <see cref="Parallel.Invoke(ParallelOptions, Action[])"/>.</summary>
    /// <param name="parallelOptions">The options.</param>
    /// <param name="actions">The actions to run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parallelOptions"/> or <paramref name="actions"/> is null.</exception>
    /// <exception cref="ArgumentException">One of the actions is null.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    /// <exception cref="AggregateException">One or more actions threw.</exception>
    public static void Invoke(ParallelOptions parallelOptions, params Action[] actions)
    {
        ArgumentNullException.ThrowIfNull(parallelOptions);
        Invoke(actions, parallelOptions, null);
    }

    /// <summary>Stands in for <see cref="Parallel.For(int, int, Action{int})"/>.</summary>
    /// <param name="fromInclusive">The first index.</param>
    /// <param name="toExclusive">One past the last index.</param>
    /// <param name="body">Runs once per index.</param>
    /// <returns>A completed loop result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="AggregateException">One or more bodies threw.</exception>
    public static ParallelLoopResult For(int fromInclusive, int toExclusive, Action<int> body) =>
        For(fromInclusive, toExclusive, null, body, null);

    /// <summary>Stands in for <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>.</summary>
    /// <param name="fromInclusive">The first index.</param>
    /// <param name="toExclusive">One past the last index.</param>
    /// <param name="parallelOptions">The options.</param>
    /// <param name="body">Runs once per index.</param>
    /// <returns>A completed loop result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parallelOptions"/> or <paramref name="body"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    /// <exception cref="AggregateException">One or more bodies threw.</exception>
    public static ParallelLoopResult For(int fromInclusive, int toExclusive, ParallelOptions parallelOptions, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(parallelOptions);
        return For(fromInclusive, toExclusive, parallelOptions, body, null);
    }

    /// <summary>Stands in for <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, Action{TSource})"/>.</summary>
    /// <typeparam name="TSource">The item type.</typeparam>
    /// <param name="source">The items.</param>
    /// <param name="body">Runs once per item.</param>
    /// <returns>A completed loop result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="body"/> is null.</exception>
    /// <exception cref="AggregateException">One or more bodies threw.</exception>
    public static ParallelLoopResult ForEach<TSource>(IEnumerable<TSource> source, Action<TSource> body) =>
        ForEach(source, null, body, null);

    /// <summary>Stands in for <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/>.</summary>
    /// <typeparam name="TSource">The item type.</typeparam>
    /// <param name="source">The items.</param>
    /// <param name="parallelOptions">The options.</param>
    /// <param name="body">Runs once per item.</param>
    /// <returns>A completed loop result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="parallelOptions"/> or
    /// <paramref name="body"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    /// <exception cref="AggregateException">One or more bodies threw.</exception>
    public static ParallelLoopResult ForEach<TSource>(IEnumerable<TSource> source, ParallelOptions parallelOptions, Action<TSource> body)
    {
        ArgumentNullException.ThrowIfNull(parallelOptions);
        return ForEach(source, parallelOptions, body, null);
    }

    /// <summary><see cref="Invoke(ParallelOptions, Action[])"/>, with the call's source site for race reports.</summary>
    internal static void Invoke(Action[] actions, ParallelOptions? options, string? site)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!CoyoteControl.IsControlled)
        {
            Parallel.Invoke(options ?? new ParallelOptions(), actions);
            return;
        }

        if (Array.IndexOf(actions, null) >= 0)
        {
            throw new ArgumentException("One of the actions was null."); // the BCL names no parameter
        }

        Run(actions, static action => action(), options, "Parallel.Invoke", site);
    }

    /// <summary><see cref="For(int, int, ParallelOptions, Action{int})"/>, with the call's source site for race reports.</summary>
    internal static ParallelLoopResult For(int fromInclusive, int toExclusive, ParallelOptions? options, Action<int> body, string? site)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!CoyoteControl.IsControlled)
        {
            return Parallel.For(fromInclusive, toExclusive, options ?? new ParallelOptions(), body);
        }

        int count = (int)Math.Max(0, (long)toExclusive - fromInclusive);
        Run(Enumerable.Range(fromInclusive, count).ToArray(), body, options, "Parallel.For", site);
        return s_completed;
    }

    /// <summary><see cref="ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/>, with the call's
    /// source site for race reports.</summary>
    internal static ParallelLoopResult ForEach<TSource>(IEnumerable<TSource> source, ParallelOptions? options, Action<TSource> body, string? site)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(body);
        if (!CoyoteControl.IsControlled)
        {
            return Parallel.ForEach(source, options ?? new ParallelOptions(), body);
        }

        Run(source.ToArray(), body, options, "Parallel.ForEach", site);
        return s_completed;
    }

    /// <summary>Runs <paramref name="body"/> once per item on controlled workers and waits for all of them.</summary>
    private static void Run<T>(T[] items, Action<T> body, ParallelOptions? options, string api, string? site)
    {
        var token = options?.CancellationToken ?? default;
        token.ThrowIfCancellationRequested();
        if (items.Length == 0)
        {
            return;
        }

        // Each body runs as a logical task of its own, forked by the caller now; the caller joins them all at the end.
        var caller = RaceHooks.Current;
        var forked = caller is null ? null : new ForkedBody<T>(caller, api, site ?? "its call", body);
        Action<T> run = forked is null ? body : forked.InvokeLoopBody;

        // Workers take the next item until none is left, a body failed, or the loop was cancelled. Only controlled
        // operations touch these counters, one at a time; Interlocked keeps them right outside the scheduler too.
        int next = -1;
        int failed = 0;
        void Work()
        {
            int index;
            while (Volatile.Read(ref failed) == 0 && !token.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < items.Length)
            {
                try
                {
                    run(items[index]);
                }
                catch
                {
                    Volatile.Write(ref failed, 1);
                    throw;
                }
            }
        }

        int workers = Math.Min(items.Length, options?.MaxDegreeOfParallelism is > 0 and var limit ? limit : DefaultWorkers);
        var tasks = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            tasks[i] = CoyoteTask.Run(Work);
        }

        try
        {
            CoyoteTask.WaitAll(tasks);
        }
        finally
        {
            if (forked is not null)
            {
                caller!.Owner.Acquire(caller, forked.Completion.Point);
            }
        }

        token.ThrowIfCancellationRequested();
    }
}
