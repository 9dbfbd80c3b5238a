using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Exploration;
using Weft.Reporting;

namespace Weft.Tests.Models;

public sealed class ParallelModelTests : IDisposable
{
    private readonly string _traces = Directory.CreateTempSubdirectory("weft-parallel-tests-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Explore_ParallelInvokeWithALostUpdate_FindsItAndControlsTheActions()
    {
        var report = Explorer.Explore(() =>
        {
            int count = 0;
            void Increment()
            {
                int read = Volatile.Read(ref count);
                Thread.Yield();
                Volatile.Write(ref count, read + 1);
            }

            Parallel.Invoke(Increment, Increment);
            Check.Equal(2, count, "count");
        }, Options(iterations: 100, detectDataRaces: false));

        var bug = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Empty(report.UncontrolledCalls);
    }

    [Fact]
    public void Explore_ParallelForAndForEach_RunEveryBodyOnceAndReturnCompleted()
    {
        var report = Explorer.Explore(() =>
        {
            var seen = new int[10];
            var result = Parallel.For(0, 10, i => Interlocked.Increment(ref seen[i]));
            Check.That(result.IsCompleted, "Parallel.For's result is completed");
            var each = Parallel.ForEach(Enumerable.Range(0, 10), new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => Interlocked.Increment(ref seen[i]));
            Check.That(each.IsCompleted, "Parallel.ForEach's result is completed");
            Check.That(seen.All(n => n == 2), "every index ran once in each loop");
        }, Options(iterations: 20));

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.UncontrolledCalls);
    }

    public static TheoryData<string> Failures() => ["two actions throw", "null action", "cancelled before", "body throws"];

    [Theory]
    [MemberData(nameof(Failures))]
    public void Explore_Failure_ThrowsWhatParallelThrows(string failure)
    {
        string expected = Describe(Fail(failure));
        string? actual = null;

        var report = Explorer.Explore(() => actual = Describe(Fail(failure)), Options(iterations: 10));

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void BuildStep_ThisTestAssembly_HasNoModelledParallelCallLeft()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(ParallelModelTests).Assembly.Location);

        var calls = assembly.MainModule.GetTypes()
            .SelectMany(t => t.Methods.Where(m => m.HasBody))
            .SelectMany(m => m.Body.Instructions)
            .Where(i => i.OpCode.FlowControl == FlowControl.Call
                && i.Operand is MethodReference { DeclaringType.FullName: "System.Threading.Tasks.Parallel" or "Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Parallel" })
            .Select(i => ((MethodReference)i.Operand).FullName)
            .ToArray();

        Assert.Empty(calls);
    }

    /// <summary>Makes <paramref name="failure"/> happen in a parallel call and returns what it threw.</summary>
    private static Exception? Fail(string failure)
    {
        try
        {
            switch (failure)
            {
                case "two actions throw":
                    Parallel.Invoke(() => throw new InvalidOperationException("first"), () => throw new InvalidOperationException("second"));
                    break;
                case "null action":
                    Parallel.Invoke(() => { }, null!);
                    break;
                case "cancelled before":
                    Parallel.For(0, 4, new ParallelOptions { CancellationToken = new CancellationToken(canceled: true) }, _ => { });
                    break;
                default:
                    Parallel.ForEach([1], _ => throw new FormatException("bad item"));
                    break;
            }

            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>The exception's type and message, and those of its inner exceptions in order of message.</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        null => "nothing",
        AggregateException aggregate => $"{aggregate.GetType().Name}: [{string.Join(", ", aggregate.InnerExceptions.Select(Describe).Order(StringComparer.Ordinal))}]",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private ExplorationOptions Options(int iterations, bool detectDataRaces = true) =>
        new() { Seed = 2, Iterations = iterations, Strategy = StrategyKind.Random, TraceDirectory = _traces, DetectDataRaces = detectDataRaces };
}
