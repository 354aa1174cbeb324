using Airwave.Hocon.Tree;
using Airwave.Hocon.Validation;

namespace Airwave.Hocon.Configuration;

/// <summary>
/// Turns a resolved tree into configuration keys (<c>airwave:channels:live:password</c>, arrays as <c>a:0:url</c>) with the
/// position of each value. Empty objects and arrays become a key with a null value so that they still show as children.
/// Schema templates of a reference file (keys <c>"*"</c> and <c>"name[*]"</c>, see <see cref="UnknownKeyValidator"/>) are skipped.
/// </summary>
public static class HoconTreeFlattener
{
    public static IReadOnlyList<(string Key, string? Value, SourcePosition Position)> Flatten(HoconObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entries = new List<(string, string?, SourcePosition)>();
        foreach (var (key, value) in root.Fields)
        {
            Visit(key, value, entries);
        }

        return entries;
    }

    internal static bool IsTemplateKey(string key) => key == "*" || key.EndsWith("[*]", StringComparison.Ordinal);

    private static void Visit(string key, HoconValue value, List<(string, string?, SourcePosition)> entries)
    {
        if (IsTemplateKey(key[(key.LastIndexOf(':') + 1)..]))
        {
            return;
        }

        switch (value)
        {
            case HoconObject obj when obj.Count > 0:
                foreach (var (childKey, child) in obj.Fields)
                {
                    Visit($"{key}:{childKey}", child, entries);
                }

                break;
            case HoconArray array when array.Elements.Count > 0:
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    Visit($"{key}:{i}", array.Elements[i], entries);
                }

                break;
            case HoconScalar scalar:
                entries.Add((key, scalar.AsString(), scalar.Position));
                break;
            default:
                entries.Add((key, null, value.Position));
                break;
        }
    }
}
