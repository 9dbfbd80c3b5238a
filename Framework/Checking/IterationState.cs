using Weft.Reporting;

namespace Weft.Checking;

/// <summary>The state of the iteration running on the current logical flow: per-iteration checker state, checks that run
/// when the test returns, and the way to fail the iteration with a typed bug.</summary>
/// <remarks>
/// <para>The explorer creates one per iteration and makes it current on the iteration's root operation; every task and
/// thread the test starts inherits it (it flows with the execution context). Outside an exploration
/// <see cref="Current"/> is <see langword="null"/>, and hooks and models behave as plain .NET.</para>
/// <para>This is the one seam between the scheduler and Weft's checkers (races, leaks, virtual time): they keep their
/// state here, not in statics, so that concurrent explorations never share it.</para>
/// <para><b>Thread safety:</b> used by the controlled operations of one iteration, which the scheduler runs one at a time.</para>
/// </remarks>
internal sealed class IterationState
{
    private static readonly AsyncLocal<IterationState?> s_current = new();

    /// <summary>Per-iteration objects, by type.</summary>
    private readonly Dictionary<Type, object> _items = [];

    /// <summary>Checks run, in registration order, after the test returns; the first failure found wins.</summary>
    private readonly List<Func<IterationFailure?>> _completionChecks = [];

    private readonly Action<IterationFailure> _fail;

    /// <summary>Creates the state of one iteration.</summary>
    /// <param name="fail">Records a failure and stops the iteration; it does not return.</param>
    public IterationState(Action<IterationFailure> fail) => _fail = fail;

    /// <summary>The iteration of the current logical flow, or <see langword="null"/> outside an exploration.</summary>
    public static IterationState? Current => s_current.Value;

    /// <summary>Makes <paramref name="state"/> current for this logical flow and the tasks it starts from now on.</summary>
    public static void Enter(IterationState? state) => s_current.Value = state;

    /// <summary>Returns this iteration's instance of <typeparamref name="T"/>, creating it on first use.</summary>
    public T Get<T>(Func<T> create)
        where T : class
    {
        if (!_items.TryGetValue(typeof(T), out var item))
        {
            item = create();
            _items.Add(typeof(T), item);
        }

        return (T)item;
    }

    /// <summary>The leak detector, once the test has returned and the explorer lets the tasks it left run to their end to
    /// find leaks; <see langword="null"/> before that, and when leak detection is off.</summary>
    /// <remarks>Models whose work would never end on its own in that phase (a periodic timer) consult it.</remarks>
    public LeakDetector? Draining { get; private set; }

    /// <summary>Registers a check that runs once the test has returned.</summary>
    public void OnTestCompleted(Func<IterationFailure?> check) => _completionChecks.Add(check);

    /// <summary>Fails the iteration with a bug; does not return.</summary>
    public void Fail(BugKind kind, string message, string details = "") => _fail(new IterationFailure(kind, message, details));

    /// <summary>Marks the start of the phase in which the tasks the test left run to their end (see <see cref="Draining"/>).</summary>
    internal void BeginDraining(LeakDetector leaks) => Draining = leaks;

    /// <summary>Runs the completion checks and fails the iteration with the first failure found.</summary>
    internal void CompleteTest()
    {
        foreach (var check in _completionChecks)
        {
            if (check() is { } failure)
            {
                _fail(failure);
                return;
            }
        }
    }
}
