using Weft.Catalog;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Cli;

/// <summary>One scenario that <c>explore</c> ran, with its report.</summary>
internal sealed record ScenarioExploration(ScenarioInfo Scenario, ExplorationReport Report)
{
    /// <summary>The distinct kinds of the bugs found, in the order found, or <c>none</c>.</summary>
    public string FoundKinds => Report.IsClean
        ? BugKindNames.Of(BugKind.None)
        : string.Join(", ", Report.Bugs.Select(b => BugKindNames.Of(b.Kind)).Distinct(StringComparer.Ordinal));
}
