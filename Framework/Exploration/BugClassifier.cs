using System.Reflection;
using Microsoft.Coyote.Runtime;
using Weft.Checking;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>Turns what went wrong in an iteration (an exception, or the scheduler's bug report) into a typed <see cref="Bug"/>.</summary>
internal static class BugClassifier
{
    private const string UnhandledPrefix = "Unhandled exception. ";

    /// <summary>Base types of the assertion exceptions of common test frameworks, by full name.</summary>
    private static readonly string[] s_assertionTypes =
    [
        "Xunit.Sdk.XunitException",
        "NUnit.Framework.AssertionException",
        "NUnit.Framework.MultipleAssertException",
        "Microsoft.VisualStudio.TestTools.UnitTesting.AssertFailedException",
        "Microsoft.VisualStudio.TestTools.UnitTesting.UnitTestAssertException",
    ];

    /// <summary>Whether the scheduler threw <paramref name="exception"/> to control the test; such exceptions are not bugs.</summary>
    public static bool IsSchedulerException(Exception exception) =>
        exception is RuntimeException or ThreadInterruptedException
        || exception.GetBaseException() is ThreadInterruptedException or RuntimeException;

    /// <summary>Classifies an exception that escaped the test.</summary>
    public static IterationFailure FromException(Exception exception)
    {
        exception = Unwrap(exception);
        bool isAssertion = IsAssertion(exception.GetType());
        string message = isAssertion
            ? OneParagraph(exception.Message)
            : $"{exception.GetType().FullName}: {OneParagraph(exception.Message)}";
        return new IterationFailure(isAssertion ? BugKind.AssertionFailure : BugKind.UnhandledException, message, exception.ToString());
    }

    /// <summary>Classifies a bug report of the scheduler that no exception of the test explains.</summary>
    /// <param name="report">The scheduler's report.</param>
    /// <param name="spinningLoop">The source site of the loop that was being preempted for spinning when the iteration
    /// stopped (<see cref="SpinLog.Spinning"/>), if any: a step bound reached there is a spin loop's hang.</param>
    public static IterationFailure FromSchedulerReport(string report, string? spinningLoop = null)
    {
        string firstLine = FirstLine(report);
        if (report.StartsWith("Deadlock detected.", StringComparison.Ordinal)
            || report.StartsWith("Potential deadlock detected.", StringComparison.Ordinal))
        {
            return new IterationFailure(BugKind.Deadlock, firstLine, report);
        }

        if (report.StartsWith("Potential deadlock or hang detected", StringComparison.Ordinal)
            || report.StartsWith("Found liveness bug", StringComparison.Ordinal)
            || report.StartsWith("Found potential liveness bug", StringComparison.Ordinal))
        {
            return new IterationFailure(BugKind.Hang, firstLine, report);
        }

        if (report.StartsWith("Scheduling steps bound of ", StringComparison.Ordinal))
        {
            return new IterationFailure(BugKind.Hang, spinningLoop is null
                ? $"{firstLine} The test did not finish within the step bound: usually a spin loop without a yield, or a livelock."
                : $"{firstLine} A task was still spinning in the loop at {spinningLoop}, which reached no scheduling point of its own: usually a spin loop without a yield, waiting for something that cannot happen while it spins.",
                report);
        }

        if (report.StartsWith(UnhandledPrefix, StringComparison.Ordinal))
        {
            string exceptionLine = FirstLine(report[UnhandledPrefix.Length..]);
            int colon = exceptionLine.IndexOf(':', StringComparison.Ordinal);
            string typeName = colon < 0 ? exceptionLine : exceptionLine[..colon];
            bool isAssertion = s_assertionTypes.Contains(typeName) || typeName.StartsWith("Xunit.Sdk.", StringComparison.Ordinal);
            return new IterationFailure(isAssertion ? BugKind.AssertionFailure : BugKind.UnhandledException, exceptionLine, report);
        }

        return new IterationFailure(BugKind.AssertionFailure, report.Trim(), string.Empty);
    }

    private static bool IsAssertion(Type type)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            if (t.FullName is { } name && s_assertionTypes.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    break;
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    break;
                default:
                    return exception;
            }
        }
    }

    private static string OneParagraph(string text) => text.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }
}
