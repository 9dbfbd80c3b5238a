namespace Weft.Checking;

/// <summary>A logical task that had not finished when the test returned, as the scheduler saw it.</summary>
/// <param name="Name">The scheduler's name of the task, e.g. <c>Op(3)</c>.</param>
/// <param name="State">What the scheduler says it is doing, e.g. <c>paused on a dependency</c>.</param>
/// <param name="Parent">The name of the task that started it.</param>
/// <param name="Entry">The first method of user code it ran, or <see langword="null"/> if none was recorded.</param>
/// <param name="LastMethod">The last method of user code it entered, or <see langword="null"/> if none was recorded.</param>
internal sealed record PendingTask(string Name, string State, string Parent, string? Entry, string? LastMethod);
