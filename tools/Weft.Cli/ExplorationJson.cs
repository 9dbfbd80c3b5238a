using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Cli;

/// <summary>Writes <c>explore --format json</c>: one versioned document, no colour, no banner.</summary>
/// <remarks>
/// Shape (version 1): <c>{"formatVersion":1,"strategy":…,"seed":…,"iterations":…,"results":[{"scenario","variant","expected",
/// "found","iterations","elapsedSeconds","strategy","strategyBound","seed","bugs":[{"kind","message","iteration","traceFile",
/// "replayCommand"}]}]}</c>. Fields are only added within a version; a change of meaning raises <see cref="FormatVersion"/>.
/// </remarks>
internal sealed class ExplorationJson
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };

    public void Write(TextWriter output, ExplorationOptions options, IReadOnlyList<ScenarioExploration> results)
    {
        var items = new JsonArray();
        foreach (var (scenario, report) in results)
        {
            var bugs = new JsonArray();
            foreach (var bug in report.Bugs)
            {
                bugs.Add(new JsonObject
                {
                    ["kind"] = BugKindNames.Of(bug.Kind),
                    ["message"] = bug.Message,
                    ["iteration"] = bug.Iteration,
                    ["traceFile"] = bug.TraceFile,
                    ["replayCommand"] = bug.TraceFile is null ? null : ReplayCommand.For(bug.TraceFile),
                });
            }

            items.Add(new JsonObject
            {
                ["scenario"] = scenario.Id,
                ["variant"] = ScenarioVariantNames.Of(scenario.Variant),
                ["expected"] = BugKindNames.Of(scenario.Expected),
                ["found"] = report.IsClean ? BugKindNames.Of(BugKind.None) : BugKindNames.Of(report.Bugs[0].Kind),
                ["iterations"] = report.Iterations,
                ["elapsedSeconds"] = Math.Round(report.Elapsed.TotalSeconds, 3),
                ["strategy"] = StrategyNames.Of(report.Strategy),
                ["strategyBound"] = report.StrategyBound,
                ["seed"] = report.Seed,
                ["bugs"] = bugs,
            });
        }

        var document = new JsonObject
        {
            ["formatVersion"] = FormatVersion,
            ["strategy"] = StrategyNames.Of(options.Strategy),
            ["seed"] = options.Seed,
            ["iterations"] = options.Iterations,
            ["results"] = items,
        };
        output.WriteLine(document.ToJsonString(s_options));
    }
}
