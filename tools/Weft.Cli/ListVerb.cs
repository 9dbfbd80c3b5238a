using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Weft.Reporting;

namespace Weft.Cli;

/// <summary><c>weft list [--json]</c>: shows every catalog scenario.</summary>
internal sealed class ListVerb
{
    /// <summary>The version of the <c>--json</c> document; raised when a field changes meaning or disappears.</summary>
    public const int JsonFormatVersion = 1;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private readonly CliContext _context;
    private readonly CommonOptions _common;
    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print a versioned JSON document ({\"formatVersion\":1,\"scenarios\":[...]}) instead of a table.",
    };

    public ListVerb(CliContext context, CommonOptions common)
    {
        _context = context;
        _common = common;
        Command = new Command("list", "List the catalog scenarios: id, topic, variant, expected bug kind and description.")
        {
            _json,
        };
        Command.SetAction(Run);
    }

    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        if (parse.GetValue(_json))
        {
            WriteJson();
        }
        else
        {
            WriteTable(parse.GetValue(_common.NoColor));
        }

        return (int)ExitCode.Success;
    }

    private void WriteJson()
    {
        var scenarios = new JsonArray();
        foreach (var scenario in _context.Catalog.Scenarios)
        {
            scenarios.Add(new JsonObject
            {
                ["id"] = scenario.Id,
                ["topic"] = scenario.Topic,
                ["variant"] = ScenarioVariantNames.Of(scenario.Variant),
                ["expected"] = BugKindNames.Of(scenario.Expected),
                ["description"] = scenario.Description,
            });
        }

        var document = new JsonObject { ["formatVersion"] = JsonFormatVersion, ["scenarios"] = scenarios };
        _context.Output.WriteLine(document.ToJsonString(s_json));
    }

    private void WriteTable(bool noColor)
    {
        var table = new Table().AddColumns("Id", "Topic", "Variant", "Expected", "Description");
        foreach (var scenario in _context.Catalog.Scenarios)
        {
            table.AddRow(
                new Text(scenario.Id),
                new Text(scenario.Topic),
                new Text(ScenarioVariantNames.Of(scenario.Variant)),
                new Text(BugKindNames.Of(scenario.Expected)),
                new Text(scenario.Description));
        }

        var console = _context.CreateConsole(noColor);
        console.Write(table);
        console.WriteLine($"{_context.Catalog.Scenarios.Count} scenario(s).");
    }
}
