using Weft.Catalog;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Cli;

/// <summary>One scenario that <c>explore</c> ran, with its report.</summary>
internal sealed record ScenarioExploration(ScenarioInfo Scenario, ExplorationReport Report)
{
    /// <summary>Whether exploration found what the scenario declares: no bug for a correct scenario, a first bug of the
    /// declared kind for a buggy twin.</summary>
    public bool MatchesDeclaration => Scenario.Expected == BugKind.None
        ? Report.IsClean
        : !Report.IsClean && Report.Bugs[0].Kind == Scenario.Expected;

    /// <summary>The distinct kinds of the bugs found, in the order found, or <c>none</c>.</summary>
    public string FoundKinds => Report.IsClean
        ? BugKindNames.Of(BugKind.None)
        : string.Join(", ", Report.Bugs.Select(b => BugKindNames.Of(b.Kind)).Distinct(StringComparer.Ordinal));
}
