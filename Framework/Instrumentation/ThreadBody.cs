using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>The body of a <see cref="Thread"/> created in instrumented code: forked when the thread is started, not when
/// it is created.</summary>
/// <remarks><b>Thread safety:</b> <see cref="Fork"/> is called by the starting thread before the thread runs
/// <see cref="Run"/> or <see cref="RunWith"/>, which the start orders. <b>Happens-before:</b> as <see cref="ForkedBody"/>,
/// from <c>Start</c> to <c>Join</c>.</remarks>
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
internal sealed class ThreadBody(Delegate start, string site)
{
    /// <summary>The forked body, once the thread was started by a recorded logical task.</summary>
    private ForkedBody? _forked;

    /// <summary>Forks the body from <paramref name="parent"/> and registers the thread's completion for <c>Join</c>.</summary>
    public void Fork(LogicalTask parent, Thread thread)
    {
        _forked = new ForkedBody(parent, "new Thread", site, start);
        parent.Owner.Register(thread, _forked.Completion);
    }

    /// <summary>The <see cref="ThreadStart"/> given to the real thread.</summary>
    public void Run()
    {
        if (_forked is { } forked)
        {
            forked.InvokeThread();
        }
        else
        {
            ((ThreadStart)start)();
        }
    }

    /// <summary>The <see cref="ParameterizedThreadStart"/> given to the real thread.</summary>
    public void RunWith(object? parameter)
    {
        if (_forked is { } forked)
        {
            forked.InvokeThreadWith(parameter);
        }
        else
        {
            ((ParameterizedThreadStart)start)(parameter);
        }
    }
}
