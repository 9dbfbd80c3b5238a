using System.Collections;
using System.Reflection;
using Microsoft.Coyote;
using Weft.Checking;

namespace Weft.Exploration;

/// <summary>Reads the scheduler's controlled operations of the current iteration: which are still pending, and what each
/// is doing.</summary>
/// <remarks>Coyote 1.7.11 keeps its operations internal; they are read through reflection, resolved once. Only the
/// explorer uses this type, so that checkers depend on <see cref="PendingTask"/>, not on Coyote.</remarks>
internal static class CoyoteOperations
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
    private static readonly Accessors s_accessors = new();

    /// <summary>Every operation of the current iteration that has not completed, except the root (the test itself).</summary>
    /// <remarks>Call only from a controlled operation, or from a condition the scheduler evaluates.</remarks>
    public static IReadOnlyList<PendingTask> PendingExceptRoot()
    {
        var a = s_accessors;
        object runtime = a.Current.GetValue(null)!;
        var operations = (IDictionary)a.OperationMap.GetValue(runtime)!;
        var names = new Dictionary<ulong, string>();
        foreach (var op in operations.Values)
        {
            names[(ulong)a.Id.GetValue(op)!] = (string)a.Name.GetValue(op)!;
        }

        var pending = new List<PendingTask>();
        foreach (var op in operations.Values)
        {
            string status = a.Status.GetValue(op)!.ToString()!;
            if ((ulong)a.Id.GetValue(op)! == 0 || status == "Completed")
            {
                continue;
            }

            var sites = (IReadOnlyList<string>)a.VisitedCallSites.GetValue(op)!;
            ulong parent = (ulong)a.ParentId.GetValue(op)!;
            pending.Add(new PendingTask(
                (string)a.Name.GetValue(op)!,
                Describe(status),
                names.TryGetValue(parent, out var parentName) ? parentName : $"Op({parent})",
                sites.Count > 0 ? sites[0] : null,
                sites.Count > 0 ? sites[^1] : null));
        }

        return pending;
    }

    private static string Describe(string status) => status switch
    {
        "None" => "not started",
        "Enabled" => "enabled",
        "Paused" => "paused on a dependency",
        "PausedOnDelay" => "waiting for a delay",
        "PausedOnAnyResource" or "PausedOnAllResources" => "waiting to acquire a resource",
        "PausedOnReceive" => "waiting to receive an event",
        _ => status,
    };

    /// <summary>The reflected members, resolved once; a missing one fails with a clear message.</summary>
    private sealed class Accessors
    {
        public Accessors()
        {
            var core = typeof(Configuration).Assembly;
            var runtime = Require(core.GetType("Microsoft.Coyote.Runtime.CoyoteRuntime"), "CoyoteRuntime");
            var operation = Require(core.GetType("Microsoft.Coyote.Runtime.ControlledOperation"), "ControlledOperation");
            Current = Require(runtime.GetProperty("Current", Any), "CoyoteRuntime.Current");
            OperationMap = Require(runtime.GetField("OperationMap", Any), "CoyoteRuntime.OperationMap");
            Id = Require(operation.GetProperty("Id", Any), "ControlledOperation.Id");
            Name = Require(operation.GetProperty("Name", Any), "ControlledOperation.Name");
            ParentId = Require(operation.GetProperty("ParentId", Any), "ControlledOperation.ParentId");
            Status = Require(operation.GetField("Status", Any), "ControlledOperation.Status");
            VisitedCallSites = Require(operation.GetField("VisitedCallSites", Any), "ControlledOperation.VisitedCallSites");
        }

        public PropertyInfo Current { get; }

        public FieldInfo OperationMap { get; }

        public PropertyInfo Id { get; }

        public PropertyInfo Name { get; }

        public PropertyInfo ParentId { get; }

        public FieldInfo Status { get; }

        public FieldInfo VisitedCallSites { get; }

        private static T Require<T>(T? member, string what)
            where T : class =>
            member ?? throw new InvalidOperationException($"Coyote's {what} was not found; Weft needs Microsoft.Coyote 1.7.11.");
    }
}
