using System.Threading.Channels;
using FsCheck;
using FsCheck.Fluent;

namespace Weft.Tests.Models.Channels;

/// <summary>Generates <see cref="ChannelScript"/>s for the differential property, and shrinks a failing one step by step.</summary>
public static class ChannelScriptArbitrary
{
    public static Arbitrary<ChannelScript> Script() => Arb.From(ScriptGen(), Shrink);

    private static Gen<ChannelScript> ScriptGen() =>
        from setup in SetupGen()
        from length in Gen.Choose(0, 40)
        from steps in Gen.ListOf(StepGen(), length)
        select new ChannelScript(setup, steps.ToArray());

    private static Gen<ChannelSetup> SetupGen() =>
        from shape in Gen.Frequency(
            (2, Gen.Constant(ChannelShape.BoundedByCapacity)),
            (5, Gen.Constant(ChannelShape.Bounded)),
            (3, Gen.Constant(ChannelShape.Unbounded)),
            (1, Gen.Constant(ChannelShape.Prioritized)))
        from capacity in Gen.Choose(1, 4)
        from mode in Gen.Elements(Enum.GetValues<BoundedChannelFullMode>())
        from flags in Gen.Choose(0, 15)
        select new ChannelSetup(shape, capacity, mode, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) == 0);

    private static Gen<ChannelStep> StepGen() =>
        from kind in Gen.Frequency(
            (6, Gen.Constant(ChannelStepKind.TryWrite)),
            (6, Gen.Constant(ChannelStepKind.WriteAsync)),
            (2, Gen.Constant(ChannelStepKind.WaitToWrite)),
            (5, Gen.Constant(ChannelStepKind.TryRead)),
            (5, Gen.Constant(ChannelStepKind.ReadAsync)),
            (2, Gen.Constant(ChannelStepKind.WaitToRead)),
            (2, Gen.Constant(ChannelStepKind.ReadAllNext)),
            (2, Gen.Constant(ChannelStepKind.TryPeek)),
            (2, Gen.Constant(ChannelStepKind.Count)),
            (1, Gen.Constant(ChannelStepKind.Complete)),
            (1, Gen.Constant(ChannelStepKind.TryComplete)),
            (3, Gen.Constant(ChannelStepKind.Cancel)),
            (1, Gen.Constant(ChannelStepKind.Completion)))
        from token in kind == ChannelStepKind.Cancel ? Gen.Choose(0, 2) : Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (4, Gen.Choose(2, 4)))
        from error in Gen.Choose(0, 2)
        select new ChannelStep(kind, token, error);

    /// <summary>Shorter scripts first: without one of the steps.</summary>
    private static IEnumerable<ChannelScript> Shrink(ChannelScript script) =>
        Enumerable.Range(0, script.Steps.Count)
            .Select(skip => script with { Steps = script.Steps.Where((_, i) => i != skip).ToArray() });
}
