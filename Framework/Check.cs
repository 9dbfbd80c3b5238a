using Microsoft.Coyote.Specifications;

namespace Weft;

/// <summary>Assertions for explored tests: a failed check is a bug of kind <see cref="Reporting.BugKind.AssertionFailure"/>.</summary>
/// <remarks>
/// <para>Unlike a test framework's <c>Assert</c>, a failed check cannot be swallowed by a <c>catch</c> in the code under
/// test, and it fails the iteration wherever it runs, in the test or in any task the test started. Outside an
/// exploration a failed check throws an exception.</para>
/// <para><b>Thread safety:</b> safe for concurrent use. <b>Happens-before:</b> creates no edge.</para>
/// </remarks>
public static class Check
{
    /// <summary>Fails the iteration with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void That(bool condition, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!condition)
        {
            Fail(message);
        }
    }

    /// <summary>Fails the iteration unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <param name="expected">The expected value.</param>
    /// <param name="actual">The actual value.</param>
    /// <param name="what">What the value is, for the message, e.g. <c>"counter"</c>.</param>
    public static void Equal<T>(T expected, T actual, string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Fail($"{what} was {actual}, expected {expected}.");
        }
    }

    /// <summary>Fails the iteration with <paramref name="message"/> as it is: Coyote formats the text it is given as a
    /// composite format string, so the message goes in as an argument, and braces in it (a record's or a collection's
    /// <c>ToString</c>) stay as they are.</summary>
    private static void Fail(string message) => Specification.Assert(false, "{0}", message);
}
