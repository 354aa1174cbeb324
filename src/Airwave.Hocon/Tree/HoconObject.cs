namespace Airwave.Hocon.Tree;

/// <summary>A HOCON object: fields in the order they were first set.</summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> fields = new(StringComparer.Ordinal);

    public HoconObject(SourcePosition position)
        : base(position)
    {
    }

    /// <summary>The fields in order of first appearance.</summary>
    public IEnumerable<KeyValuePair<string, HoconValue>> Fields => fields;

    public IEnumerable<string> Keys => fields.Keys;

    public int Count => fields.Count;

    public bool TryGetValue(string key, out HoconValue value) => fields.TryGetValue(key, out value!);

    /// <summary>Finds a value by a dotted path (<c>airwave.http.port</c>); null when any step is missing or not an object.</summary>
    public HoconValue? Find(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        return Find(dottedPath.Split('.'));
    }

    /// <summary>Finds a value by its path segments; null when any step is missing or not an object.</summary>
    public HoconValue? Find(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        HoconValue current = this;
        foreach (var segment in path)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    internal void Set(string key, HoconValue value) => fields[key] = value;
}
