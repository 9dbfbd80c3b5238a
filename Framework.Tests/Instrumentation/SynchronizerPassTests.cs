using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Exploration;

namespace Weft.Tests.Instrumentation;

public sealed class SynchronizerPassTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-synchronizer-pass-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BuildStep_ThisTestAssembly_HasNoCallLeftOnTheTypesCoyoteMarksUncontrolled()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(SynchronizerPassTests).Assembly.Location);

        var calls = assembly.MainModule.GetTypes()
            .SelectMany(t => t.Methods.Where(m => m.HasBody))
            .SelectMany(m => m.Body.Instructions)
            .Where(i => i.OpCode.FlowControl == FlowControl.Call
                && i.Operand is MethodReference { DeclaringType.FullName: "System.Threading.ReaderWriterLockSlim" or "System.Threading.ManualResetEventSlim" } callee
                && callee.Name is not ("get_RecursionPolicy" or "get_SpinCount" or "get_WaitHandle"))
            .Select(i => ((MethodReference)i.Operand).FullName)
            .ToArray();

        Assert.Empty(calls);
    }

    [Fact]
    public void Explore_EveryRedirectedMember_AnswersLikeTheRealLockOutsideExploration()
    {
        static string Use()
        {
            var gate = new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion);
            gate.EnterUpgradeableReadLock();
            gate.EnterReadLock();
            gate.EnterWriteLock();
            string held = $"{gate.IsReadLockHeld} {gate.IsWriteLockHeld} {gate.IsUpgradeableReadLockHeld} "
                + $"{gate.RecursiveReadCount} {gate.RecursiveWriteCount} {gate.RecursiveUpgradeCount} {gate.CurrentReadCount} "
                + $"{gate.WaitingReadCount} {gate.WaitingWriteCount} {gate.WaitingUpgradeCount}";
            gate.ExitWriteLock();
            gate.ExitReadLock();
            gate.ExitUpgradeableReadLock();
            bool entered = gate.TryEnterReadLock(0) && gate.TryEnterReadLock(TimeSpan.Zero);
            gate.ExitReadLock();
            gate.ExitReadLock();
            entered &= gate.TryEnterWriteLock(0) && gate.TryEnterUpgradeableReadLock(TimeSpan.Zero);
            gate.ExitUpgradeableReadLock();
            gate.ExitWriteLock();
            gate.Dispose();
            return $"{held} {entered}";
        }

        string expected = Use();
        string? actual = null;
        var report = Explorer.Explore(() => actual = Use(), new ExplorationOptions { Iterations = 1, TraceDirectory = _folder });

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal("True True True 1 1 1 1 0 0 0 True", expected);
        Assert.Equal(expected, actual);
    }
}
