using System.ComponentModel;
using Microsoft.Coyote.Rewriting;
using Weft.Models;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for the calls of <see cref="ParallelModel"/> that <see cref="ParallelPass"/> made, to pass
/// it the call's source site: reports then say where the loop that ran a racing body was started.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects the calls here. Each hook is the model's call with the site.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> as <see cref="ParallelModel"/>: what precedes the call happens-before each body, and each
/// body happens-before what follows the call.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class ParallelHooks
{
    /// <summary>Stands in for <see cref="ParallelModel.Invoke(Action[])"/>.</summary>
    /// <param name="actions">The actions to run.</param>
    /// <param name="spawnSite">The call's source site.</param>
    [ReplacesCall(typeof(ParallelModel), nameof(ParallelModel.Invoke))]
    public static void Invoke(Action[] actions, string spawnSite) => ParallelModel.Invoke(actions, null, spawnSite);

    /// <summary>Stands in for <see cref="ParallelModel.Invoke(ParallelOptions, Action[])"/>.</summary>
    /// <param name="parallelOptions">The options.</param>
    /// <param name="actions">The actions to run.</param>
    /// <param name="spawnSite">The call's source site.</param>
    [ReplacesCall(typeof(ParallelModel), nameof(ParallelModel.Invoke))]
    public static void Invoke(ParallelOptions parallelOptions, Action[] actions, string spawnSite)
    {
        ArgumentNullException.ThrowIfNull(parallelOptions);
        ParallelModel.Invoke(actions, parallelOptions, spawnSite);
    }

    /// <summary>Stands in for <see cref="ParallelModel.For(int, int, Action{int})"/>.</summary>
    /// <param name="fromInclusive">The first index.</param>
    /// <param name="toExclusive">One past the last index.</param>
    /// <param name="body">Runs once per index.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>A completed loop result.</returns>
    [ReplacesCall(typeof(ParallelModel), nameof(ParallelModel.For))]
    public static ParallelLoopResult For(int fromInclusive, int toExclusive, Action<int> body, string spawnSite) =>
        ParallelModel.For(fromInclusive, toExclusive, null, body, spawnSite);

    /// <summary>Stands in for <see cref="ParallelModel.For(int, int, ParallelOptions, Action{int})"/>.</summary>
    /// <param name="fromInclusive">The first index.</param>
    /// <param name="toExclusive">One past the last index.</param>
    /// <param name="parallelOptions">The options.</param>
    /// <param name="body">Runs once per index.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>A completed loop result.</returns>
    [ReplacesCall(typeof(ParallelModel), nameof(ParallelModel.For))]
    public static ParallelLoopResult For(int fromInclusive, int toExclusive, ParallelOptions parallelOptions, Action<int> body, string spawnSite)
    {
        ArgumentNullException.ThrowIfNull(parallelOptions);
        return ParallelModel.For(fromInclusive, toExclusive, parallelOptions, body, spawnSite);
    }

    /// <summary>Stands in for <see cref="ParallelModel.ForEach{TSource}(IEnumerable{TSource}, Action{TSource})"/>.</summary>
    /// <typeparam name="TSource">The item type.</typeparam>
    /// <param name="source">The items.</param>
    /// <param name="body">Runs once per item.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>A completed loop result.</returns>
    [ReplacesCall(typeof(ParallelModel), nameof(ParallelModel.ForEach))]
    public static ParallelLoopResult ForEach<TSource>(IEnumerable<TSource> source, Action<TSource> body, string spawnSite) =>
        ParallelModel.ForEach(source, null, body, spawnSite);

    /// <summary>Stands in for <see cref="ParallelModel.ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/>.</summary>
    /// <typeparam name="TSource">The item type.</typeparam>
    /// <param name="source">The items.</param>
    /// <param name="parallelOptions">The options.</param>
    /// <param name="body">Runs once per item.</param>
    /// <param name="spawnSite">The call's source site.</param>
    /// <returns>A completed loop result.</returns>
    [ReplacesCall(typeof(ParallelModel), nameof(ParallelModel.ForEach))]
    public static ParallelLoopResult ForEach<TSource>(IEnumerable<TSource> source, ParallelOptions parallelOptions, Action<TSource> body, string spawnSite)
    {
        ArgumentNullException.ThrowIfNull(parallelOptions);
        return ParallelModel.ForEach(source, parallelOptions, body, spawnSite);
    }
}
