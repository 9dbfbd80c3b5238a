using System.CommandLine;
using Weft.Reporting;

namespace Weft.Cli;

/// <summary>Words the one-line message about an unknown option, with a "did you mean" hint among the options the command
/// accepts (its own and the recursive ones of the commands above it).</summary>
internal static class UnknownOption
{
    /// <summary>For example <c>unknown option '--iteration' for 'weft explore'; did you mean '--iterations'?</c></summary>
    public static string Message(Command command, string token)
    {
        string name = token.Split('=', 2)[0];
        var inherited = command.Parents.OfType<Command>().SelectMany(Ancestors).SelectMany(c => c.Options).Where(o => o.Recursive);
        var names = command.Options.Concat(inherited)
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        string? closest = names
            .Select(n => (Name: n, Distance: EditDistance.Between(name, n)))
            .Where(c => c.Distance <= Math.Max(2, name.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
        string path = Path(command);
        return closest is null
            ? $"unknown option '{name}' for '{path}'; see '{path} --help'."
            : $"unknown option '{name}' for '{path}'; did you mean '{closest}'?";
    }

    /// <summary>The command as typed, such as <c>weft explore</c>.</summary>
    public static string Path(Command command)
    {
        var names = new List<string> { command.Name };
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null;
             parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, parent.Name);
        }

        return string.Join(' ', names);
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return current;
        }
    }

}
