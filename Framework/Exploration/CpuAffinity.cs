using System.Runtime.InteropServices;

namespace Weft.Exploration;

/// <summary>Runs the threads an exploration starts on one CPU (Linux only; a no-op elsewhere).</summary>
/// <remarks>
/// <para>Coyote runs one controlled operation at a time, each on a new OS thread, and every scheduling decision hands control
/// from one thread to another: the running thread signals the next and blocks. When the two threads sit on different CPUs,
/// each hand-over is a cross-CPU wake-up and often a migration; on one CPU the woken thread simply runs when the other
/// blocks. docs/benchmarks.md measures the difference (the "one CPU" lever).</para>
/// <para>On Linux the .NET runtime gives every thread it creates the affinity of the process's main thread, not of the
/// creating thread. So while at least one exploration runs, the main thread's affinity is narrowed to one CPU, and every
/// thread created meanwhile (Coyote's controlled threads, and any other) runs on that CPU. When the last exploration ends,
/// the main thread gets its affinity back, and so does every thread still pinned to that CPU. Threads that existed before
/// keep theirs. Explorations that overlap share the CPU.</para>
/// <para><b>Thread safety:</b> safe for concurrent use; <see cref="s_gate"/> guards the count and the saved affinity.</para>
/// </remarks>
internal static class CpuAffinity
{
    /// <summary>The size of the CPU mask passed to the kernel, in bytes: room for 1,024 CPUs.</summary>
    private const int MaskBytes = 128;

    // A plain object, not System.Threading.Lock: the build step redirects Lock to its controlled model, which Weft itself must not use.
    private static readonly object s_gate = new();

    /// <summary>Explorations running with new threads pinned; guarded by <see cref="s_gate"/>.</summary>
    private static int s_active;

    /// <summary>The main thread's affinity before the first of the running explorations; guarded by <see cref="s_gate"/>.</summary>
    private static byte[]? s_saved;

    /// <summary>The mask of the one CPU new threads run on, while <see cref="s_active"/> is positive; guarded by <see cref="s_gate"/>.</summary>
    private static byte[]? s_pinned;

    /// <summary>Which CPU the next first exploration pins to, so that explorations that follow one another spread over
    /// the CPUs; guarded by <see cref="s_gate"/>.</summary>
    private static int s_turn;

    /// <summary>Pins the threads created from now on to one CPU, until the returned scope is disposed.</summary>
    /// <returns>The scope, or <see langword="null"/> when nothing was pinned (not Linux, one CPU only, or the kernel refused).</returns>
    public static IDisposable? PinNewThreads()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        bool pinned;
        lock (s_gate)
        {
            pinned = s_active > 0 || TryPinMainThread();
            if (pinned)
            {
                s_active++;
            }
        }

        return pinned ? new Scope() : null;
    }

    /// <summary>The CPUs the calling thread may run on, or <see langword="null"/> when that cannot be known (not Linux).</summary>
    public static IReadOnlyList<int>? Allowed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var mask = new byte[MaskBytes];
        return SchedGetAffinity(0, MaskBytes, mask) == 0 ? Cpus(mask) : null;
    }

    /// <summary>Narrows the main thread's affinity to one CPU and remembers the former one; the caller holds <see cref="s_gate"/>.</summary>
    private static bool TryPinMainThread()
    {
        int main = Environment.ProcessId;
        var saved = new byte[MaskBytes];
        var cpus = SchedGetAffinity(main, MaskBytes, saved) == 0 ? Cpus(saved) : [];
        var pinned = cpus.Count > 1 ? Mask(cpus[s_turn++ % cpus.Count]) : null;
        if (pinned is null || SchedSetAffinity(main, MaskBytes, pinned) != 0)
        {
            return false;
        }

        (s_saved, s_pinned) = (saved, pinned);
        return true;
    }

    private static void Release()
    {
        lock (s_gate)
        {
            s_active--;
            if (s_active == 0 && s_saved is { } saved && s_pinned is { } pinned)
            {
                Restore(saved, pinned);
                (s_saved, s_pinned) = (null, null);
            }
        }
    }

    /// <summary>Gives every thread still pinned to the exploration's CPU (the main thread, and threads created meanwhile that
    /// outlived the exploration, such as new thread-pool workers) the main thread's former affinity back.</summary>
    private static void Restore(byte[] saved, byte[] pinned)
    {
        var current = new byte[MaskBytes];
        foreach (string task in ThreadIds())
        {
            if (int.TryParse(task, out int tid) && SchedGetAffinity(tid, MaskBytes, current) == 0 && current.AsSpan().SequenceEqual(pinned))
            {
                SchedSetAffinity(tid, MaskBytes, saved);
            }
        }
    }

    private static IEnumerable<string> ThreadIds()
    {
        try
        {
            return Directory.EnumerateDirectories("/proc/self/task").Select(Path.GetFileName).OfType<string>().ToArray();
        }
        catch (IOException)
        {
            return [Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }
    }

    private static List<int> Cpus(byte[] mask)
    {
        var cpus = new List<int>();
        for (int cpu = 0; cpu < MaskBytes * 8; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return cpus;
    }

    private static byte[] Mask(int cpu)
    {
        var mask = new byte[MaskBytes];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        return mask;
    }

    // pid is a thread id; 0 is the calling thread. Both return 0 on success and -1 on failure.
    [DllImport("libc", EntryPoint = "sched_getaffinity")]
    private static extern int SchedGetAffinity(int pid, nint size, byte[] mask);

    [DllImport("libc", EntryPoint = "sched_setaffinity")]
    private static extern int SchedSetAffinity(int pid, nint size, byte[] mask);

    /// <summary>Ends one exploration's pinning; the last one restores the affinities.</summary>
    private sealed class Scope : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release();
            }
        }
    }
}
