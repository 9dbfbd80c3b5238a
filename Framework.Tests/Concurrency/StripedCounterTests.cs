using FsCheck;
using FsCheck.Xunit;
using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

/// <summary>The stripe choice of the striped counter; its counting is covered with the other counters in
/// <see cref="CountersTests"/>.</summary>
public sealed class StripedCounterTests
{
    [Theory]
    [InlineData(0u, 1u)]
    [InlineData(uint.MaxValue, 1u)]
    [InlineData(uint.MaxValue, 2u)]
    [InlineData(uint.MaxValue, 3u)]
    [InlineData(uint.MaxValue - 1, 7u)]
    [InlineData(uint.MaxValue, (uint)int.MaxValue)]
    [InlineData((uint)int.MaxValue, (uint)int.MaxValue)]
    [InlineData((uint)int.MaxValue + 1, (uint)int.MaxValue)]
    [InlineData(12345u, 64u)]
    public void StripeOf_EdgeValues_IsTheRemainder(uint value, uint divisor) =>
        Assert.Equal(value % divisor, StripedCounter.StripeOf(value, divisor, StripedCounter.FastModMultiplier(divisor)));

    /// <summary>Any 32-bit value and any stripe count an <see cref="int"/> can hold: the multiplications give the remainder.</summary>
    [Property(MaxTest = 2000, Replay = "(20260415,89)")]
    public void StripeOf_AnyValueAndDivisor_IsTheRemainder(uint value, PositiveInt divisor)
    {
        uint d = (uint)divisor.Get;

        Assert.Equal(value % d, StripedCounter.StripeOf(value, d, StripedCounter.FastModMultiplier(d)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Add_FromThreadsOverEveryStripeCount_CountsEveryAdd(int stripeCount)
    {
        var counter = Counters.CreateStriped(stripeCount);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                counter.Increment();
            }
        })));

        Assert.Equal(6000, counter.Value);
    }
}
