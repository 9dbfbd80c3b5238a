using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Weft.Time;

/// <summary>The stand-in for <see cref="Stopwatch"/>: the build step redirects <c>StartNew</c>, <c>GetTimestamp</c>,
/// <c>GetElapsedTime(long)</c> and the instance members <c>Start</c>, <c>Stop</c>, <c>Reset</c>, <c>Restart</c>,
/// <c>Elapsed</c>, <c>ElapsedMilliseconds</c>, <c>ElapsedTicks</c> and <c>IsRunning</c> in rewritten code here.</summary>
/// <remarks>
/// <para>A stopwatch first started (or created by <c>StartNew</c>) under exploration measures the iteration's virtual time
/// for the rest of its life; any other stopwatch measures real time. Virtual timestamps count from 0 at the start of each
/// iteration in units of <see cref="Stopwatch.Frequency"/>, so arithmetic on <c>GetTimestamp</c> with
/// <see cref="Stopwatch.Frequency"/> stays right. Virtual time stands still while code runs, so a stopwatch around code
/// that never waits on time reads zero. Outside an exploration every call goes to the real <see cref="Stopwatch"/>.</para>
/// <para><b>Thread safety:</b> like <see cref="Stopwatch"/>: one stopwatch is used by one logical task at a time.
/// <b>Happens-before:</b> creates no edge.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StopwatchModel
{
    /// <summary>The virtual state of each stopwatch started under exploration; entries die with their stopwatch.</summary>
    private static readonly ConditionalWeakTable<Stopwatch, VirtualStopwatch> s_virtual = [];

    /// <summary>Stands in for <see cref="Stopwatch.StartNew"/>.</summary>
    public static Stopwatch StartNew()
    {
        if (VirtualClock.Current is not { } clock)
        {
            return Stopwatch.StartNew();
        }

        var stopwatch = new Stopwatch();
        var state = new VirtualStopwatch(clock);
        s_virtual.Add(stopwatch, state);
        state.Start();
        return stopwatch;
    }

    /// <summary>Stands in for <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static long GetTimestamp() => VirtualClock.Current is { } clock ? clock.Timestamp : Stopwatch.GetTimestamp();

    /// <summary>Stands in for <see cref="Stopwatch.GetElapsedTime(long)"/>.</summary>
    public static TimeSpan GetElapsedTime(long startingTimestamp) =>
        VirtualClock.Current is { } clock
            ? VirtualClock.FromTimestamp(clock.Timestamp - startingTimestamp)
            : Stopwatch.GetElapsedTime(startingTimestamp);

    /// <summary>Stands in for <see cref="Stopwatch.Start"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static void Start(Stopwatch stopwatch)
    {
        if (StateOf(stopwatch, startingUnderExploration: true) is { } state)
        {
            state.Start();
        }
        else
        {
            stopwatch.Start();
        }
    }

    /// <summary>Stands in for <see cref="Stopwatch.Stop"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static void Stop(Stopwatch stopwatch)
    {
        if (StateOf(stopwatch) is { } state)
        {
            state.Stop();
        }
        else
        {
            stopwatch.Stop();
        }
    }

    /// <summary>Stands in for <see cref="Stopwatch.Reset"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static void Reset(Stopwatch stopwatch)
    {
        if (StateOf(stopwatch) is { } state)
        {
            state.Reset();
        }
        else
        {
            stopwatch.Reset();
        }
    }

    /// <summary>Stands in for <see cref="Stopwatch.Restart"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static void Restart(Stopwatch stopwatch)
    {
        if (StateOf(stopwatch, startingUnderExploration: true) is { } state)
        {
            state.Reset();
            state.Start();
        }
        else
        {
            stopwatch.Restart();
        }
    }

    /// <summary>Stands in for <see cref="Stopwatch.IsRunning"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static bool IsRunning(Stopwatch stopwatch) => StateOf(stopwatch) is { } state ? state.IsRunning : stopwatch.IsRunning;

    /// <summary>Stands in for <see cref="Stopwatch.Elapsed"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static TimeSpan Elapsed(Stopwatch stopwatch) =>
        StateOf(stopwatch) is { } state ? VirtualClock.FromTimestamp(state.ElapsedTimestamp) : stopwatch.Elapsed;

    /// <summary>Stands in for <see cref="Stopwatch.ElapsedMilliseconds"/>.</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static long ElapsedMilliseconds(Stopwatch stopwatch) =>
        StateOf(stopwatch) is { } state ? (long)VirtualClock.FromTimestamp(state.ElapsedTimestamp).TotalMilliseconds : stopwatch.ElapsedMilliseconds;

    /// <summary>Stands in for <see cref="Stopwatch.ElapsedTicks"/> (in units of <see cref="Stopwatch.Frequency"/>).</summary>
    /// <exception cref="NullReferenceException"><paramref name="stopwatch"/> is null, as for an instance call.</exception>
    public static long ElapsedTicks(Stopwatch stopwatch) => StateOf(stopwatch) is { } state ? state.ElapsedTimestamp : stopwatch.ElapsedTicks;

    /// <summary>The virtual state of <paramref name="stopwatch"/>, if it has one. With <paramref name="startingUnderExploration"/>,
    /// a fresh stopwatch (never started, nothing elapsed) started under exploration gets one.</summary>
    private static VirtualStopwatch? StateOf(Stopwatch stopwatch, bool startingUnderExploration = false)
    {
        if (stopwatch is null)
        {
            throw new NullReferenceException();
        }

        if (s_virtual.TryGetValue(stopwatch, out var state))
        {
            return state;
        }

        if (startingUnderExploration && VirtualClock.Current is { } clock && !stopwatch.IsRunning && stopwatch.ElapsedTicks == 0)
        {
            state = new VirtualStopwatch(clock);
            s_virtual.Add(stopwatch, state);
            return state;
        }

        return null;
    }

    /// <summary>A stopwatch on a virtual clock, in <see cref="Stopwatch"/> timestamp units.</summary>
    private sealed class VirtualStopwatch(VirtualClock clock)
    {
        /// <summary>Time accumulated by earlier runs.</summary>
        private long _accumulated;

        /// <summary>The clock's timestamp when the current run started; meaningful while <see cref="IsRunning"/>.</summary>
        private long _startedAt;

        public bool IsRunning { get; private set; }

        public long ElapsedTimestamp => _accumulated + (IsRunning ? clock.Timestamp - _startedAt : 0);

        public void Start()
        {
            if (!IsRunning)
            {
                _startedAt = clock.Timestamp;
                IsRunning = true;
            }
        }

        public void Stop()
        {
            if (IsRunning)
            {
                _accumulated += clock.Timestamp - _startedAt;
                IsRunning = false;
            }
        }

        public void Reset()
        {
            _accumulated = 0;
            IsRunning = false;
        }
    }
}
