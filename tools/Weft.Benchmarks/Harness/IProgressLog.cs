namespace Weft.Benchmarks.Harness;

/// <summary>Where the suites say what they are doing; the command line shows it on stderr.</summary>
internal interface IProgressLog
{
    /// <summary>Reports one finished step.</summary>
    void Step(string section, string what);

    /// <summary>Reports a problem that does not stop the run.</summary>
    void Warn(string what);
}
