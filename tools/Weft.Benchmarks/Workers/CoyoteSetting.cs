namespace Weft.Benchmarks.Workers;

/// <summary>A Coyote configuration lever a throughput worker can pull, on top of the settings Weft uses.</summary>
internal enum CoyoteSetting
{
    /// <summary>Weft's settings, unchanged.</summary>
    None,

    /// <summary>A 100 ms deadlock timeout instead of 5 s.</summary>
    ShortDeadlockTimeout,

    /// <summary>At most 1,000 scheduling steps per iteration instead of 10,000.</summary>
    FewerMaxSteps,

    /// <summary>Partially controlled concurrency not allowed (Coyote stops at the first uncontrolled task).</summary>
    NoPartialControl,

    /// <summary>One attempt, with no busy wait, to let uncontrolled concurrency resolve, instead of Coyote's 10 x 1,000 spins.</summary>
    NoUncontrolledWait,
}
