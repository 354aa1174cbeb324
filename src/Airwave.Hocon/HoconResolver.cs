using Airwave.Hocon.Tree;

namespace Airwave.Hocon;

/// <summary>
/// Replaces every pending node of a built tree by its value: substitutions are looked up in the whole tree (then in the
/// environment), concatenations joined, delayed merges merged. Undefined optional values leave their field unset.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObject root;
    private readonly Func<string, string?> environment;
    private readonly Dictionary<HoconValue, HoconValue?> resolved = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconValue> inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconSubstitution> lookups = [];

    public HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        this.root = root;
        this.environment = environment;
    }

    public HoconObject ResolveRoot() => (HoconObject)Resolve(root)!;

    private HoconValue? Resolve(HoconValue value)
    {
        if (value is HoconScalar)
        {
            return value;
        }

        if (resolved.TryGetValue(value, out var done))
        {
            return done;
        }

        if (!inProgress.Add(value))
        {
            throw CycleError();
        }

        try
        {
            var result = value switch
            {
                HoconObject obj => ResolveObject(obj),
                HoconArray array => new HoconArray(array.Position, array.Elements.Select(Resolve).OfType<HoconValue>().ToArray()),
                HoconSubstitution substitution => ResolveSubstitution(substitution, root, substitution.Path),
                HoconSelfReference self => ResolveSubstitution(self.Substitution, self.Prior, self.RemainingPath),
                HoconConcatenation concatenation => ResolveConcatenation(concatenation),
                HoconDelayedMerge merge => ResolveDelayedMerge(merge),
                _ => throw new HoconException(value.Position, $"cannot resolve {value.GetType().Name}"),
            };
            resolved[value] = result;
            return result;
        }
        finally
        {
            inProgress.Remove(value);
        }
    }

    private HoconException CycleError()
    {
        if (lookups.Count == 0)
        {
            return new HoconException(root.Position, "cycle while resolving substitutions");
        }

        var chain = string.Join(" -> ", lookups.Select(s => $"{s.Describe()} at {s.Position}"));
        return new HoconException(lookups[^1].Position, $"cycle in substitutions: {chain}");
    }

    private HoconObject ResolveObject(HoconObject obj)
    {
        var resolved = new HoconObject(obj.Position);
        foreach (var (key, child) in obj.Fields)
        {
            if (Resolve(child) is { } value)
            {
                resolved.Set(key, value);
            }
        }

        return resolved;
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution substitution, HoconValue? start, IReadOnlyList<string> path)
    {
        lookups.Add(substitution);
        try
        {
            if (start is not null && Find(start, path) is { } found)
            {
                return found;
            }
        }
        finally
        {
            lookups.RemoveAt(lookups.Count - 1);
        }

        var name = string.Join('.', substitution.Path);
        if (environment(name) is { } fromEnvironment)
        {
            return new HoconScalar(substitution.Position, HoconScalarKind.Text, fromEnvironment);
        }

        if (substitution.IsOptional)
        {
            return null;
        }

        throw new HoconException(substitution.Position, $"unresolved substitution {substitution.Describe()}: \"{name}\" is not set in the configuration nor as an environment variable");
    }

    private HoconValue? Find(HoconValue start, IReadOnlyList<string> path)
    {
        var node = start;
        foreach (var segment in path)
        {
            if (node.IsPending)
            {
                if (Resolve(node) is not { } resolved)
                {
                    return null;
                }

                node = resolved;
            }

            if (node is not HoconObject obj || !obj.TryGetValue(segment, out node!))
            {
                return null;
            }
        }

        return Resolve(node);
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation)
    {
        var parts = concatenation.Parts.Select(Resolve).ToArray();
        var defined = parts.OfType<HoconValue>().ToArray();
        if (defined.Length == 0)
        {
            return null;
        }

        if (defined.Length == 1 && concatenation.Separators.All(s => s.Length == 0))
        {
            return defined[0];
        }

        if (defined.All(p => p is HoconScalar))
        {
            var text = new System.Text.StringBuilder();
            for (var i = 0; i < parts.Length; i++)
            {
                text.Append((parts[i] as HoconScalar)?.Text);
                if (i < concatenation.Separators.Count)
                {
                    text.Append(concatenation.Separators[i]);
                }
            }

            return new HoconScalar(concatenation.Position, HoconScalarKind.Text, text.ToString());
        }

        if (defined.All(p => p is HoconArray))
        {
            return new HoconArray(defined[0].Position, defined.SelectMany(p => ((HoconArray)p).Elements).ToArray());
        }

        if (defined.All(p => p is HoconObject))
        {
            return defined.Cast<HoconObject>().Aggregate(Merge);
        }

        var kinds = string.Join(", ", defined.Select(Describe).Distinct());
        throw new HoconException(concatenation.Position, $"cannot concatenate values of different kinds ({kinds}): expected only strings, only arrays or only objects");
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "object",
        HoconArray => "array",
        _ => "string",
    };

    private HoconValue? ResolveDelayedMerge(HoconDelayedMerge merge)
    {
        var later = Resolve(merge.Later);
        if (later is null)
        {
            return Resolve(merge.Earlier);
        }

        return later is HoconObject laterObject && Resolve(merge.Earlier) is HoconObject earlierObject
            ? Merge(earlierObject, laterObject)
            : later;
    }

    /// <summary>Merges two resolved objects: fields of <paramref name="later"/> win, nested objects merge.</summary>
    internal static HoconObject Merge(HoconObject earlier, HoconObject later)
    {
        var merged = new HoconObject(earlier.Position);
        foreach (var (key, value) in earlier.Fields)
        {
            merged.Set(key, value);
        }

        foreach (var (key, value) in later.Fields)
        {
            merged.Set(key, merged.TryGetValue(key, out var existing) && existing is HoconObject a && value is HoconObject b
                ? Merge(a, b)
                : value);
        }

        return merged;
    }
}
