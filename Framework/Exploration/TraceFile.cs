using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Reporting;

namespace Weft.Exploration;

/// <summary>A trace file: everything needed to replay one bug exactly, on any machine.</summary>
/// <remarks>
/// <para>The file is JSON: a format version, Weft's version, the test's identity, the options, the seed and iteration of
/// the bug, the bug itself, and the scheduler's reproducible trace (every scheduling decision of that iteration).</para>
/// <para><see cref="Save"/> never overwrites a file: it writes to a temporary file and renames it to a new name.</para>
/// <para><b>Thread safety:</b> immutable; safe for concurrent use.</para>
/// </remarks>
public sealed class TraceFile
{
    /// <summary>The newest format version this Weft writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The file name suffix of trace files.</summary>
    public const string Extension = ".weft.json";

    private static readonly JsonSerializerOptions s_writeOptions = new() { WriteIndented = true };

    internal TraceFile(TestIdentity test, ResolvedOptions options, uint iterationSeed, int iteration, Bug bug, string schedule,
        int formatVersion = CurrentFormatVersion, string? weftVersion = null)
    {
        Test = test;
        Options = options;
        IterationSeed = iterationSeed;
        Iteration = iteration;
        Bug = bug;
        Schedule = schedule;
        FormatVersion = formatVersion;
        WeftVersion = weftVersion ?? CurrentWeftVersion;
    }

    /// <summary>The format version the file was written with.</summary>
    public int FormatVersion { get; }

    /// <summary>The version of Weft that wrote the file.</summary>
    public string WeftVersion { get; }

    /// <summary>The test that recorded the trace.</summary>
    public TestIdentity Test { get; }

    /// <summary>The seed of the iteration that found the bug.</summary>
    public uint IterationSeed { get; }

    /// <summary>The 1-based iteration that found the bug.</summary>
    public int Iteration { get; }

    /// <summary>The bug the trace reproduces.</summary>
    public Bug Bug { get; }

    /// <summary>The strategy of the exploration that recorded the trace.</summary>
    public StrategyKind Strategy => Options.Strategy;

    internal ResolvedOptions Options { get; }

    /// <summary>The scheduler's reproducible trace (JSON).</summary>
    internal string Schedule { get; }

    internal static string CurrentWeftVersion { get; } =
        typeof(TraceFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TraceFile).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Reads and checks a trace file.</summary>
    /// <exception cref="TraceFileException">The file is missing, unreadable, not valid JSON, lacks a required field, or has a
    /// newer format version. The message is one line.</exception>
    public static TraceFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new TraceFileException($"trace file '{path}' does not exist.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new TraceFileException($"trace file '{path}' is not valid JSON ({FirstLine(ex.Message)})", ex);
        }
        catch (IOException ex)
        {
            throw new TraceFileException($"trace file '{path}' cannot be read ({FirstLine(ex.Message)})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TraceFileException($"trace file '{path}' cannot be read ({FirstLine(ex.Message)})", ex);
        }

        if (root is not JsonObject obj)
        {
            throw new TraceFileException($"trace file '{path}' is not a Weft trace (expected a JSON object).");
        }

        var reader = new FieldReader(path, obj);
        int format = reader.Int("formatVersion");
        if (format > CurrentFormatVersion)
        {
            throw new TraceFileException(
                $"trace file '{path}' has format version {format}; this Weft ({CurrentWeftVersion}) reads version {CurrentFormatVersion} and older.");
        }

        if (format < 1)
        {
            throw new TraceFileException($"trace file '{path}' has an invalid format version {format}.");
        }

        var test = new TestIdentity
        {
            ScenarioId = reader.OptionalString("test", "scenario"),
            AssemblyName = reader.OptionalString("test", "assembly"),
            TypeName = reader.OptionalString("test", "type"),
            MethodName = reader.OptionalString("test", "method"),
            AssemblyPath = reader.OptionalString("test", "assemblyPath"),
        };
        if (test.ScenarioId is null && (test.TypeName is null || test.MethodName is null))
        {
            throw new TraceFileException($"trace file '{path}' does not name its test (field 'test').");
        }

        string strategyName = reader.String("options", "strategy");
        if (!StrategyNames.TryParse(strategyName, out var strategy))
        {
            throw new TraceFileException($"trace file '{path}' names an unknown strategy '{strategyName}'.");
        }

        string kindName = reader.String("bug", "kind");
        if (!BugKindNames.TryParse(kindName, out var kind) || kind == BugKind.None)
        {
            throw new TraceFileException($"trace file '{path}' names an unknown bug kind '{kindName}'.");
        }

        var options = new ResolvedOptions(
            Iterations: reader.Int("options", "iterations"),
            TimeBudget: null,
            Seed: (uint)reader.Long("options", "seed"),
            Strategy: strategy.Value,
            StrategyBound: (uint)reader.Long("options", "strategyBound"),
            MaxSteps: reader.Int("options", "maxSteps"),
            ReportStepBoundAsHang: reader.Bool("options", "reportStepBoundAsHang"),
            DeadlockTimeout: TimeSpan.FromMilliseconds(reader.Long("options", "deadlockTimeoutMs")),
            MaxBugs: 1,
            TraceDirectory: Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
            DetectLeakedTasks: reader.OptionalBool("options", "detectLeakedTasks") ?? ExplorationDefaults.DetectLeakedTasks,
            IgnoreLeakedTasksIn: reader.OptionalStrings("options", "ignoreLeakedTasksIn") ?? ExplorationDefaults.IgnoreLeakedTasksIn,
            // Traces written before race detection existed were recorded without it, and replay without it.
            DetectDataRaces: reader.OptionalBool("options", "detectDataRaces") ?? false,
            SuppressDataRacesOn: reader.OptionalStrings("options", "suppressDataRacesOn") ?? ExplorationDefaults.SuppressDataRacesOn);
        int iteration = reader.Int("iteration");
        var bug = new Bug
        {
            Kind = kind.Value,
            Message = reader.String("bug", "message"),
            Details = reader.OptionalString("bug", "details") ?? string.Empty,
            Iteration = iteration,
            TraceFile = Path.GetFullPath(path),
        };
        if (obj["schedule"] is not JsonObject schedule)
        {
            throw new TraceFileException($"trace file '{path}' is missing field 'schedule'.");
        }

        return new TraceFile(test, options, (uint)reader.Long("iterationSeed"), iteration, bug, schedule.ToJsonString(),
            format, reader.String("weftVersion"));
    }

    /// <summary>Writes the trace into <paramref name="directory"/> under a new, readable name and returns its full path.</summary>
    /// <remarks>The name is <c>&lt;test&gt;.&lt;bug kind&gt;.seed&lt;seed&gt;.weft.json</c>, with <c>-2</c>, <c>-3</c>, ... added
    /// when a file of that name exists; an existing file is never overwritten.</remarks>
    internal string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string stem = string.Create(CultureInfo.InvariantCulture,
            $"{Slug(Test.DisplayName)}.{BugKindNames.Of(Bug.Kind)}.seed{IterationSeed}");
        string temp = Path.Combine(directory, $".{stem}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, ToJson(), new UTF8Encoding(false));
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                string name = attempt == 1 ? stem + Extension : string.Create(CultureInfo.InvariantCulture, $"{stem}-{attempt}{Extension}");
                string target = Path.Combine(directory, name);
                try
                {
                    File.Move(temp, target, overwrite: false);
                    return target;
                }
                catch (IOException) when (File.Exists(target) && attempt < 10_000)
                {
                    // Another file has this name: keep it, try the next name.
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The JSON text of the file.</summary>
    internal string ToJson()
    {
        var root = new JsonObject
        {
            ["formatVersion"] = FormatVersion,
            ["weftVersion"] = WeftVersion,
            ["test"] = new JsonObject
            {
                ["scenario"] = Test.ScenarioId,
                ["assembly"] = Test.AssemblyName,
                ["type"] = Test.TypeName,
                ["method"] = Test.MethodName,
                ["assemblyPath"] = Test.AssemblyPath,
            },
            ["options"] = new JsonObject
            {
                ["strategy"] = StrategyNames.Of(Options.Strategy),
                ["strategyBound"] = Options.StrategyBound,
                ["seed"] = Options.Seed,
                ["iterations"] = Options.Iterations,
                ["maxSteps"] = Options.MaxSteps,
                ["reportStepBoundAsHang"] = Options.ReportStepBoundAsHang,
                ["deadlockTimeoutMs"] = (long)Options.DeadlockTimeout.TotalMilliseconds,
                ["detectLeakedTasks"] = Options.DetectLeakedTasks,
                ["ignoreLeakedTasksIn"] = new JsonArray([.. Options.IgnoreLeakedTasksIn.Select(m => (JsonNode?)m)]),
                ["detectDataRaces"] = Options.DetectDataRaces,
                ["suppressDataRacesOn"] = new JsonArray([.. Options.SuppressDataRacesOn.Select(m => (JsonNode?)m)]),
            },
            ["iteration"] = Iteration,
            ["iterationSeed"] = IterationSeed,
            ["bug"] = new JsonObject
            {
                ["kind"] = BugKindNames.Of(Bug.Kind),
                ["message"] = Bug.Message,
                ["details"] = Bug.Details,
            },
            ["schedule"] = JsonNode.Parse(Schedule),
        };
        return root.ToJsonString(s_writeOptions);
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return slug.Length > 120 ? slug.ToString(0, 120) : slug.ToString();
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).TrimEnd('.');
    }

    /// <summary>Reads required and optional fields, turning every problem into a one-line <see cref="TraceFileException"/>.</summary>
    private readonly struct FieldReader(string path, JsonObject root)
    {
        public string String(params string[] fieldPath) =>
            OptionalString(fieldPath) ?? throw Missing(fieldPath);

        public string? OptionalString(params string[] fieldPath)
        {
            var node = Find(fieldPath);
            if (node is null)
            {
                return null;
            }

            return node is JsonValue value && value.TryGetValue(out string? text) ? text : throw WrongType(fieldPath, "a string");
        }

        public int Int(params string[] fieldPath) => checked((int)Long(fieldPath));

        public long Long(params string[] fieldPath)
        {
            var node = Find(fieldPath) ?? throw Missing(fieldPath);
            return node is JsonValue value && value.TryGetValue(out long number) ? number : throw WrongType(fieldPath, "a number");
        }

        public bool Bool(params string[] fieldPath) => OptionalBool(fieldPath) ?? throw Missing(fieldPath);

        public bool? OptionalBool(params string[] fieldPath)
        {
            var node = Find(fieldPath);
            if (node is null)
            {
                return null;
            }

            return node is JsonValue value && value.TryGetValue(out bool flag) ? flag : throw WrongType(fieldPath, "true or false");
        }

        public IReadOnlyList<string>? OptionalStrings(params string[] fieldPath)
        {
            var node = Find(fieldPath);
            if (node is null)
            {
                return null;
            }

            if (node is not JsonArray array || array.Any(item => item is not JsonValue v || !v.TryGetValue(out string? _)))
            {
                throw WrongType(fieldPath, "an array of strings");
            }

            return array.Select(item => item!.GetValue<string>()).ToArray();
        }

        private JsonNode? Find(string[] fieldPath)
        {
            JsonNode? node = root;
            foreach (var name in fieldPath)
            {
                node = node is JsonObject obj ? obj[name] : null;
            }

            return node;
        }

        private TraceFileException Missing(string[] fieldPath) =>
            new($"trace file '{path}' is missing field '{string.Join('.', fieldPath)}'.");

        private TraceFileException WrongType(string[] fieldPath, string expected) =>
            new($"trace file '{path}' has field '{string.Join('.', fieldPath)}' that is not {expected}.");
    }
}
