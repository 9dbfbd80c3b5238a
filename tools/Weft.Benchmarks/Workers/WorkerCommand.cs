using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Weft.Benchmarks.Harness;

namespace Weft.Benchmarks.Workers;

/// <summary>The hidden <c>worker</c> verbs the harness runs in child processes: each measures one thing in its world's folder
/// and writes one JSON object per line on stdout.</summary>
internal sealed class WorkerCommand
{
    private readonly TextWriter _output;

    public WorkerCommand(TextWriter output)
    {
        _output = output;
        Command = new Command("worker", "Runs one measurement in this process (the harness's child processes run it).")
        {
            Hidden = true,
        };
        Command.Subcommands.Add(Throughput());
        Command.Subcommands.Add(Power());
        Command.Subcommands.Add(Stress());
    }

    public Command Command { get; }

    /// <summary>The command line of a throughput worker for <paramref name="job"/>.</summary>
    public static IReadOnlyList<string> Arguments(ThroughputJob job)
    {
        List<string> arguments =
        [
            "throughput", "--engine", job.Engine.ToString().ToLowerInvariant(), "--scenario", job.Scenario,
            "--seconds", job.Seconds.ToString(CultureInfo.InvariantCulture), "--seed", job.Seed.ToString(CultureInfo.InvariantCulture),
            "--strategy", job.Strategy, "--setting", job.Setting.ToString(),
        ];
        if (!job.DetectDataRaces)
        {
            arguments.Add("--no-races");
        }

        if (!job.DetectLeakedTasks)
        {
            arguments.Add("--no-leaks");
        }

        if (job.RunOnOneCpu)
        {
            arguments.Add("--one-cpu");
        }

        return arguments;
    }

    private static Option<string> ScenarioOption() => new("--scenario") { Required = true, HelpName = "id" };

    private static Option<double> SecondsOption() => new("--seconds") { Required = true, HelpName = "s" };

    private Command Throughput()
    {
        var scenario = ScenarioOption();
        var seconds = SecondsOption();
        var engine = new Option<Engine>("--engine") { Required = true };
        var seed = new Option<uint>("--seed");
        var strategy = new Option<string>("--strategy") { DefaultValueFactory = _ => "random" };
        var setting = new Option<CoyoteSetting>("--setting");
        var noRaces = new Option<bool>("--no-races");
        var noLeaks = new Option<bool>("--no-leaks");
        var oneCpu = new Option<bool>("--one-cpu");
        var command = new Command("throughput", "Explores a scenario for a wall-clock budget and counts iterations and decisions.")
        {
            engine, scenario, seconds, seed, strategy, setting, noRaces, noLeaks, oneCpu,
        };
        command.SetAction(parse => Write(ThroughputWorker.Run(new ThroughputJob(
            parse.GetValue(engine), parse.GetValue(scenario)!, parse.GetValue(seconds), parse.GetValue(seed), parse.GetValue(strategy)!,
            !parse.GetValue(noRaces), !parse.GetValue(noLeaks), parse.GetValue(setting), parse.GetValue(oneCpu)))));
        return command;
    }

    private Command Power()
    {
        var scenario = ScenarioOption();
        var seconds = SecondsOption();
        var strategies = new Option<string>("--strategies") { Required = true, HelpName = "names" };
        var seeds = new Option<int>("--seeds") { Required = true };
        var maxIterations = new Option<int>("--max-iterations") { Required = true };
        var command = new Command("power", "Explores a buggy scenario with each strategy from several seeds until its first bug.")
        {
            scenario, strategies, seeds, maxIterations, seconds,
        };
        command.SetAction(parse =>
        {
            foreach (var sample in PowerWorker.Run(parse.GetValue(scenario)!, parse.GetValue(strategies)!.Split(','),
                parse.GetValue(seeds), parse.GetValue(maxIterations), parse.GetValue(seconds)))
            {
                Write(sample);
            }

            return 0;
        });
        return command;
    }

    private Command Stress()
    {
        var scenario = ScenarioOption();
        var seconds = SecondsOption();
        var runTimeout = new Option<double>("--run-timeout") { Required = true, HelpName = "s" };
        var command = new Command("stress", "Runs a scenario on real threads in a loop until it fails or the time is up.")
        {
            scenario, seconds, runTimeout,
        };
        command.SetAction(parse =>
        {
            var sample = StressWorker.Run(parse.GetValue(scenario)!, parse.GetValue(seconds), parse.GetValue(runTimeout));
            Write(sample);
            if (sample.Failure == StressSample.Timeout)
            {
                // The stuck run's threads cannot be stopped; end the process without waiting for them.
                _output.Flush();
                Environment.Exit(0);
            }

            return 0;
        });
        return command;
    }

    private int Write<T>(T value)
    {
        _output.WriteLine(JsonSerializer.Serialize(value, WorkerClient.Json));
        _output.Flush();
        return 0;
    }
}
