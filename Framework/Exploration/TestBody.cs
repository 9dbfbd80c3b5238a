using System.Reflection;
using Microsoft.Coyote.Rewriting;

namespace Weft.Exploration;

/// <summary>The user's test: a synchronous or an asynchronous delegate, and the assemblies whose code it runs.</summary>
internal sealed class TestBody
{
    private readonly Action? _sync;
    private readonly Func<Task>? _async;
    private readonly Assembly[] _subjects;

    /// <summary>Wraps a synchronous test.</summary>
    /// <param name="test">The test.</param>
    /// <param name="subject">The assembly of the code under test, when it is not the delegate's own.</param>
    public TestBody(Action test, Assembly? subject = null)
    {
        _sync = test ?? throw new ArgumentNullException(nameof(test));
        _subjects = Subjects(test, subject);
    }

    /// <summary>Wraps an asynchronous test.</summary>
    /// <inheritdoc cref="TestBody(Action, Assembly?)"/>
    public TestBody(Func<Task> test, Assembly? subject = null)
    {
        _async = test ?? throw new ArgumentNullException(nameof(test));
        _subjects = Subjects(test, subject);
    }

    /// <summary>Refuses to explore code that Weft's build step did not rewrite: its tasks would run uncontrolled on real
    /// threads, bugs would go unseen, and traces would not replay.</summary>
    /// <exception cref="InvalidOperationException">An assembly of the test was not rewritten.</exception>
    public void EnsureRewritten()
    {
        foreach (var assembly in _subjects)
        {
            if (!RewritingEngine.IsAssemblyRewritten(assembly))
            {
                throw new InvalidOperationException(
                    $"Assembly '{assembly.GetName().Name}' was not rewritten for exploration, so its tasks would run uncontrolled. " +
                    "Weft's build step rewrites test projects that reference Weft; for another project set <WeftRewrite>true</WeftRewrite>, " +
                    "or list the assembly in coyote.json.");
            }
        }
    }

    private static Assembly[] Subjects(Delegate test, Assembly? subject)
    {
        var own = test.Method.Module.Assembly;
        return subject is null || subject == own ? [own] : [own, subject];
    }

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
