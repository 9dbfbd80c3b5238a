namespace Weft.Exploration;

/// <summary>The user's test: a synchronous or an asynchronous delegate.</summary>
internal sealed class TestBody
{
    private readonly Action? _sync;
    private readonly Func<Task>? _async;

    public TestBody(Action test) => _sync = test ?? throw new ArgumentNullException(nameof(test));

    public TestBody(Func<Task> test) => _async = test ?? throw new ArgumentNullException(nameof(test));

    public Delegate Delegate => (Delegate?)_sync ?? _async!;

    /// <summary>Runs the test to completion on the current controlled operation, rethrowing its exception.</summary>
    /// <remarks>The wait goes through Coyote's controlled task API, so that it is a scheduling point whether or not
    /// this assembly was rewritten.</remarks>
    public void Run()
    {
        if (_sync is not null)
        {
            _sync();
            return;
        }

        var task = _async!() ?? throw new InvalidOperationException("The test returned a null Task.");
        Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task.Wait(task);
        task.GetAwaiter().GetResult();
    }
}
