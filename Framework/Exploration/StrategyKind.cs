namespace Weft.Exploration;

/// <summary>The scheduling strategy that chooses each iteration's interleaving.</summary>
/// <remarks>Each value has a stable kebab-case name (see <see cref="StrategyNames"/>).</remarks>
public enum StrategyKind
{
    /// <summary>Portfolio: iterations alternate between Coyote's strategies (random, probabilistic, PCT, fair PCT).</summary>
    Portfolio = 0,

    /// <summary>Uniformly random choice of the next task at every scheduling point.</summary>
    Random,

    /// <summary>Keeps running the current task, switching with probability 1/2^bound.</summary>
    Probabilistic,

    /// <summary>
    /// Probabilistic concurrency testing with a bound on priority changes
    /// (<see href="https://www.microsoft.com/en-us/research/publication/a-randomized-scheduler-with-probabilistic-guarantees-of-finding-bugs/">Burckhardt et al., ASPLOS 2010</see>).
    /// </summary>
    Pct,

    /// <summary>PCT that switches to a fair random schedule after the bound, so that liveness checks are meaningful.</summary>
    FairPct,
}
