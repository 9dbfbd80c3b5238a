using Weft.Concurrency;

namespace Weft.Tests.Concurrency;

public sealed class StripedLockMapTests : IDisposable
{
    private readonly string _traces = ExplorationRun.CreateTraceDirectory();

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    [Fact]
    public void Constructor_NoStripes_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>("stripeCount", () => new StripedLockMap<string, int>(0));

    [Fact]
    public void GetOrAdd_AbsentThenPresent_RunsTheFactoryOnce()
    {
        var map = new StripedLockMap<string, int>(4);
        int runs = 0;

        int first = map.GetOrAdd("a", k => ++runs * 10);
        int second = map.GetOrAdd("a", k => ++runs * 10);

        Assert.Equal((10, 10, 1), (first, second, runs));
        Assert.True(map.TryGetValue("a", out int value));
        Assert.Equal(10, value);
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void GetOrAdd_FactoryThrows_AddsNothingAndTheNextCallRetries()
    {
        var map = new StripedLockMap<string, int>(2);

        Assert.Throws<FormatException>(() => map.GetOrAdd("a", _ => throw new FormatException()));

        Assert.False(map.TryGetValue("a", out _));
        Assert.Equal(7, map.GetOrAdd("a", _ => 7));
    }

    [Fact]
    public void GetOrAdd_FactoryUsesItsOwnStripe_ThrowsInvalidOperationAndAddsNothing()
    {
        var map = new StripedLockMap<string, int>(1);

        var error = Assert.Throws<InvalidOperationException>(() => map.GetOrAdd("a", _ => map.GetOrAdd("b", _ => 2)));

        Assert.Equal("A factory or update function of a StripedLockMap used the map; it must not.", error.Message);
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void AddOrUpdate_AbsentThenPresent_AddsThenUpdates()
    {
        var map = new StripedLockMap<string, int>(3);

        Assert.Equal(1, map.AddOrUpdate("a", _ => 1, (_, v) => v + 1));
        Assert.Equal(2, map.AddOrUpdate("a", _ => 1, (_, v) => v + 1));
    }

    [Fact]
    public void AddOrUpdate_UpdateThrows_KeepsThePresentValue()
    {
        var map = new StripedLockMap<string, int>(2);
        map.GetOrAdd("a", _ => 5);

        Assert.Throws<FormatException>(() => map.AddOrUpdate("a", _ => 1, (_, _) => throw new FormatException()));

        Assert.True(map.TryGetValue("a", out int value));
        Assert.Equal(5, value);
        Assert.Equal(6, map.AddOrUpdate("a", _ => 1, (_, v) => v + 1));
    }

    [Fact]
    public void AddOrUpdate_AddThrows_AddsNothing()
    {
        var map = new StripedLockMap<string, int>(2);

        Assert.Throws<FormatException>(() => map.AddOrUpdate("a", _ => throw new FormatException(), (_, v) => v + 1));

        Assert.False(map.TryGetValue("a", out _));
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void AddOrUpdate_UpdateUsesItsOwnStripe_ThrowsInvalidOperationAndKeepsThePresentValue()
    {
        var map = new StripedLockMap<string, int>(1);
        map.GetOrAdd("a", _ => 5);

        var error = Assert.Throws<InvalidOperationException>(() => map.AddOrUpdate("a", _ => 1, (_, v) => map.GetOrAdd("b", _ => v)));

        Assert.Equal("A factory or update function of a StripedLockMap used the map; it must not.", error.Message);
        Assert.True(map.TryGetValue("a", out int value));
        Assert.Equal((5, 1), (value, map.Count));
    }

    [Fact]
    public void AddOrUpdate_ManyKeysUpdatedInTurn_EachHoldsItsOwnCount()
    {
        var map = new StripedLockMap<int, long>(4);

        for (int round = 0; round < 3; round++)
        {
            for (int key = 0; key < 50; key++)
            {
                map.AddOrUpdate(key, static k => k * 100, static (_, v) => v + 1);
            }
        }

        Assert.Equal(50, map.Count);
        Assert.All(Enumerable.Range(0, 50), key => Assert.Equal(key * 100 + 2, map.TryGetValue(key, out long v) ? v : -1));
    }

    [Fact]
    public void TryRemove_PresentKey_RemovesItAndTheNextGetOrAddRunsTheFactoryAgain()
    {
        var map = new StripedLockMap<string, int>(3);
        map.GetOrAdd("a", _ => 1);

        Assert.True(map.TryRemove("a", out int removed));
        Assert.False(map.TryRemove("a", out _));

        Assert.Equal(1, removed);
        Assert.Equal(2, map.GetOrAdd("a", _ => 2));
    }

    [Fact]
    public void Count_KeysOverManyStripes_CountsThemAll()
    {
        var map = new StripedLockMap<int, int>(4);
        for (int i = 0; i < 50; i++)
        {
            map.GetOrAdd(i, k => k);
        }

        Assert.Equal(50, map.Count);
        Assert.Equal(4, map.StripeCount);
    }

    [Fact]
    public void Count_FromAFactory_ThrowsInvalidOperationAndReleasesEveryStripe()
    {
        var map = new StripedLockMap<int, int>(3);

        Assert.Throws<InvalidOperationException>(() => map.GetOrAdd(0, _ => map.Count));

        Assert.Equal(5, map.GetOrAdd(1, _ => 5));
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void GetOrAdd_ComparerGiven_UsesIt()
    {
        var map = new StripedLockMap<string, int>(2, StringComparer.OrdinalIgnoreCase);

        map.GetOrAdd("Key", _ => 1);

        Assert.Equal(1, map.GetOrAdd("KEY", _ => 2));
    }

    [Fact]
    public void Explore_ConcurrentGetOrAddOfOneKey_RunsTheFactoryOnceAndAllSeeItsValue()
    {
        var report = Explorer.Explore(async () =>
        {
            var map = new StripedLockMap<string, int>(2);
            int runs = 0;
            async Task<int> GetAsync()
            {
                await Task.Yield();
                return map.GetOrAdd("key", _ => Interlocked.Increment(ref runs));
            }

            var values = await Task.WhenAll(Task.Run(GetAsync), Task.Run(GetAsync), Task.Run(GetAsync));
            Check.Equal(1, runs, "factory runs");
            Check.That(values.All(v => v == 1), "Every caller got the factory's value.");
        }, ExplorationRun.Options(_traces, seed: 15, iterations: 40));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void Explore_UpdatesAndCountsAcrossStripes_NeverDeadlockAndLoseNoUpdate()
    {
        var report = Explorer.Explore(async () =>
        {
            var map = new StripedLockMap<int, int>(2);
            async Task BumpAsync(int key)
            {
                for (int i = 0; i < 2; i++)
                {
                    map.AddOrUpdate(key, _ => 1, (_, v) => v + 1);
                    await Task.Yield();
                }
            }

            async Task CountAsync()
            {
                await Task.Yield();
                Check.That(map.Count <= 2, "There are at most two keys.");
            }

            await Task.WhenAll(Task.Run(() => BumpAsync(0)), Task.Run(() => BumpAsync(1)), Task.Run(() => BumpAsync(0)), Task.Run(CountAsync));
            Check.That(map.TryGetValue(0, out int zero) && zero == 4, "Key 0 was bumped four times.");
            Check.That(map.TryGetValue(1, out int one) && one == 2, "Key 1 was bumped twice.");
        }, ExplorationRun.Options(_traces, seed: 16, iterations: 40));

        Assert.True(report.IsClean, report.ToString());
    }
}
