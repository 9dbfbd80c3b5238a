using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Coyote.Rewriting;
using Weft.Checking;

namespace Weft.Instrumentation;

/// <summary>Race hooks that stand in for <see cref="Lazy{T}.Value"/> and <see cref="LazyInitializer.EnsureInitialized{T}(ref T)"/>
/// and its overloads: the code that creates the value happens-before every caller that gets it.</summary>
/// <remarks>
/// <para>Not for direct use: the race pass redirects calls of these methods here. With no detector recording the calling
/// thread, each hook is the call it replaces. Coyote does not control either type: the value factory runs in the logical
/// task that first asks for the value, as it does in the BCL.</para>
/// <para>A <see cref="Lazy{T}"/> synchronises on itself. A <see cref="LazyInitializer"/> call synchronises on the object it
/// stores (for the overloads whose target is a reference type) or on its lock object (for the overloads with a
/// <c>ref bool initialized</c>). A caller that made the value releases; every caller, the maker included, acquires.</para>
/// <para>Known limits: a value factory that runs into a scheduling point while another task asks for the same
/// <see cref="Lazy{T}"/> (in <see cref="LazyThreadSafetyMode.ExecutionAndPublication"/> mode) or for the same locked
/// <see cref="LazyInitializer"/> target blocks that task on the BCL's own lock, which the scheduler does not control.</para>
/// <para><b>Thread safety:</b> safe for concurrent use.</para>
/// <para><b>Happens-before:</b> the value factory (or constructor) that made the value, and everything its logical task did
/// before, happens-before every <see cref="Lazy{T}.Value"/> or <c>EnsureInitialized</c> that returns that value. Callers
/// that only get the value release nothing.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipRewriting("Race detector runtime: Coyote's rewriting must not add scheduling points to it.")]
public static class LazyHooks
{
    /// <summary>Stands in for <see cref="Lazy{T}.Value"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="lazy">The lazy value.</param>
    /// <returns>The value, created by this call if it is the first.</returns>
    [ReplacesCall(typeof(Lazy<>), "get_Value")]
    public static T Value<T>(Lazy<T> lazy)
    {
        if (lazy is null || RaceHooks.Current is not { } task)
        {
            return lazy!.Value;
        }

        bool created = lazy.IsValueCreated;
        var value = lazy.Value;
        Got(task, lazy, made: !created);
        return value;
    }

    /// <summary>Stands in for <see cref="LazyInitializer.EnsureInitialized{T}(ref T)"/>.</summary>
    /// <typeparam name="T">The target's type.</typeparam>
    /// <param name="target">The location to initialize.</param>
    /// <returns>The target's value.</returns>
    [ReplacesCall(typeof(LazyInitializer), nameof(LazyInitializer.EnsureInitialized))]
    public static T EnsureInitialized<T>([NotNull] ref T? target)
        where T : class
    {
        if (RaceHooks.Current is not { } task)
        {
            return LazyInitializer.EnsureInitialized(ref target);
        }

        // Without a factory the value is made by T's constructor, which only runs when the target was null.
        bool wasNull = Volatile.Read(ref target) is null;
        var value = LazyInitializer.EnsureInitialized(ref target);
        Got(task, value, made: wasNull);
        return value;
    }

    /// <summary>Stands in for <see cref="LazyInitializer.EnsureInitialized{T}(ref T, Func{T})"/>.</summary>
    /// <typeparam name="T">The target's type.</typeparam>
    /// <param name="target">The location to initialize.</param>
    /// <param name="valueFactory">Makes the value.</param>
    /// <returns>The target's value.</returns>
    [ReplacesCall(typeof(LazyInitializer), nameof(LazyInitializer.EnsureInitialized))]
    public static T EnsureInitialized<T>([NotNull] ref T? target, Func<T> valueFactory)
        where T : class
    {
        if (valueFactory is null || RaceHooks.Current is not { } task)
        {
            return LazyInitializer.EnsureInitialized(ref target, valueFactory!);
        }

        // Two callers can both run the factory; only the one whose value is stored made it.
        T? made = null;
        var value = LazyInitializer.EnsureInitialized(ref target, () => made = valueFactory());
        Got(task, value, made: ReferenceEquals(made, value));
        return value;
    }

    /// <summary>Stands in for <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref object, Func{T})"/>.</summary>
    /// <typeparam name="T">The target's type.</typeparam>
    /// <param name="target">The location to initialize.</param>
    /// <param name="syncLock">The lock the factory runs under, created if null.</param>
    /// <param name="valueFactory">Makes the value.</param>
    /// <returns>The target's value.</returns>
    [ReplacesCall(typeof(LazyInitializer), nameof(LazyInitializer.EnsureInitialized))]
    public static T EnsureInitialized<T>([NotNull] ref T? target, ref object? syncLock, Func<T> valueFactory)
        where T : class
    {
        if (valueFactory is null || RaceHooks.Current is not { } task)
        {
            return LazyInitializer.EnsureInitialized(ref target, ref syncLock, valueFactory!);
        }

        T? made = null;
        var value = LazyInitializer.EnsureInitialized(ref target, ref syncLock, () => made = valueFactory());
        Got(task, value, made: ReferenceEquals(made, value));
        return value;
    }

    /// <summary>Stands in for <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref bool, ref object)"/>.</summary>
    /// <typeparam name="T">The target's type.</typeparam>
    /// <param name="target">The location to initialize.</param>
    /// <param name="initialized">Whether the target is initialized.</param>
    /// <param name="syncLock">The lock the constructor runs under, created if null.</param>
    /// <returns>The target's value.</returns>
    [ReplacesCall(typeof(LazyInitializer), nameof(LazyInitializer.EnsureInitialized))]
    public static T EnsureInitialized<T>(ref T target, ref bool initialized, ref object? syncLock)
    {
        if (RaceHooks.Current is not { } task)
        {
            return LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock);
        }

        // The value is made under the lock by whoever finds the target uninitialized there; the scheduler cannot switch
        // between this read and the lock, so a caller that saw it uninitialized is that one.
        bool wasInitialized = Volatile.Read(ref initialized);
        var value = LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock);
        Got(task, Volatile.Read(ref syncLock), made: !wasInitialized);
        return value;
    }

    /// <summary>Stands in for <see cref="LazyInitializer.EnsureInitialized{T}(ref T, ref bool, ref object, Func{T})"/>.</summary>
    /// <typeparam name="T">The target's type.</typeparam>
    /// <param name="target">The location to initialize.</param>
    /// <param name="initialized">Whether the target is initialized.</param>
    /// <param name="syncLock">The lock the factory runs under, created if null.</param>
    /// <param name="valueFactory">Makes the value.</param>
    /// <returns>The target's value.</returns>
    [ReplacesCall(typeof(LazyInitializer), nameof(LazyInitializer.EnsureInitialized))]
    public static T EnsureInitialized<T>(ref T target, ref bool initialized, ref object? syncLock, Func<T> valueFactory)
    {
        if (valueFactory is null || RaceHooks.Current is not { } task)
        {
            return LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock, valueFactory!);
        }

        bool ran = false;
        var value = LazyInitializer.EnsureInitialized(ref target, ref initialized, ref syncLock, () =>
        {
            ran = true;
            return valueFactory();
        });
        Got(task, Volatile.Read(ref syncLock), made: ran);
        return value;
    }

    /// <summary>Records that <paramref name="task"/> got the value published through <paramref name="owner"/>, and made it
    /// if <paramref name="made"/>.</summary>
    private static void Got(LogicalTask task, object? owner, bool made)
    {
        if (owner is null)
        {
            return;
        }

        var point = task.Owner.PointOf(owner, SyncRole.Publication);
        if (made)
        {
            task.Owner.Release(task, point);
        }

        task.Owner.Acquire(task, point);
    }
}
