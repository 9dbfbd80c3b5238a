using System.CommandLine;
using Weft.Exploration;

namespace Weft.Cli;

/// <summary><c>weft replay &lt;trace&gt;</c>: re-runs the one interleaving a trace file recorded and says whether its bug came back.</summary>
/// <remarks>A trace of a catalog scenario is replayed against this weft's catalog; a trace of a test method loads the test's
/// assembly and calls the method, whose exploration then replays the trace (see <see cref="TestMethodReplayer"/>).</remarks>
internal sealed class ReplayVerb
{
    private readonly CliContext _context;
    private readonly Argument<string> _trace = new("trace")
    {
        Description = "The trace file (*" + TraceFile.Extension + ") that explore or a test wrote.",
    };

    public ReplayVerb(CliContext context)
    {
        _context = context;
        Command = new Command("replay", "Replay a trace file and report whether its bug reproduces.")
        {
            _trace,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        string path = parse.GetValue(_trace)!;
        var trace = TraceFile.Load(path);
        ReplayResult result;
        if (trace.Test.ScenarioId is { } id)
        {
            if (!_context.Catalog.TryFind(id, out var scenario))
            {
                throw new UsageException($"trace file '{path}' was recorded for an {ScenarioNotFound.Message(_context.Catalog, id)}");
            }

            _context.Progress($"replaying {scenario.Id} (strategy {StrategyNames.Of(trace.Strategy)}, seed {trace.IterationSeed})...");
            result = scenario.Replay(path);
        }
        else
        {
            _context.Progress($"replaying {trace.Test.DisplayName} (strategy {StrategyNames.Of(trace.Strategy)}, seed {trace.IterationSeed})...");
            result = await TestMethodReplayer.ReplayAsync(trace, path, cancellation);
        }

        _context.Output.WriteLine(result.ToString());
        _context.Output.WriteLine(
            $"  trace: {result.Trace.Bug.TraceFile} (strategy {StrategyNames.Of(result.Trace.Strategy)}, seed {result.Trace.IterationSeed}, iteration {result.Trace.Iteration})");
        return (int)(result.Reproduced ? ExitCode.BugsFound : ExitCode.NotReproduced);
    }
}
