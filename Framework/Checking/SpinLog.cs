namespace Weft.Checking;

/// <summary>The spinning loops of one iteration: those paused at a preemption point, and the bound on a loop that spins
/// while no other task can run.</summary>
/// <remarks>
/// <para>Kept in the iteration's <see cref="IterationState"/>: the explorer creates it with the iteration's bound, and
/// <see cref="Instrumentation.LoopHooks"/> records in it. When the iteration reaches its step bound, the explorer asks for
/// <see cref="Spinning"/> to name the loop that kept the test from finishing.</para>
/// <para><b>Thread safety:</b> written by the controlled operations of one iteration, which the scheduler runs one at a
/// time, and read once the iteration has stopped.</para>
/// </remarks>
/// <param name="soloBound">How many times in a row a loop may jump back without reaching a scheduling point, while no other
/// task can run, before it is a hang.</param>
/// <param name="reportsHang">Whether such a loop fails the iteration as a hang; when <see langword="false"/>, it is left to
/// the step bound, which then abandons the iteration silently.</param>
internal sealed class SpinLog(long soloBound, bool reportsHang)
{
    /// <summary>The source sites of the loops paused at a preemption point, in the order they paused; a loop that two
    /// tasks run at once is there twice. Guarded by the scheduler (one operation runs at a time).</summary>
    private readonly List<string> _paused = [];

    /// <summary>How many times in a row a loop may jump back without reaching a scheduling point, while no other task can
    /// run, before it is a hang.</summary>
    public long SoloBound { get; } = soloBound;

    /// <summary>Whether a loop that reaches <see cref="SoloBound"/> fails the iteration as a hang.</summary>
    public bool ReportsHang { get; } = reportsHang;

    /// <summary>The loop that paused last and has not resumed, or <see langword="null"/> when no loop is paused.</summary>
    public string? Spinning => _paused.Count == 0 ? null : _paused[^1];

    /// <summary>Records that the loop at <paramref name="site"/> is being preempted.</summary>
    /// <param name="site">The loop's source site, <c>File.cs:line (Type.Method)</c>.</param>
    public void Pause(string site) => _paused.Add(site);

    /// <summary>Records that the loop at <paramref name="site"/> runs again.</summary>
    /// <param name="site">The site given to <see cref="Pause"/>.</param>
    public void Resume(string site) => _paused.Remove(site);
}
