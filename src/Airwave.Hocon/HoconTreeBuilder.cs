using Airwave.Hocon.Parsing;
using Airwave.Hocon.Tree;

namespace Airwave.Hocon;

/// <summary>
/// Applies parsed documents, in order, to one tree: later fields merge into earlier objects or replace other values,
/// self-references capture the value the field had before, and everything else that needs the final tree is left
/// as pending nodes for <see cref="HoconResolver"/>.
/// </summary>
internal sealed class HoconTreeBuilder
{
    public HoconTreeBuilder(SourcePosition rootPosition)
    {
        Root = new HoconObject(rootPosition);
    }

    public HoconObject Root { get; }

    public void Apply(ObjectSyntax document) => ApplyEntries(document, Root, [], null);

    /// <param name="syntax">The parsed object whose entries are applied in order.</param>
    /// <param name="target">The object receiving the fields.</param>
    /// <param name="prefix">Path of <paramref name="target"/> from the root, or null for an object inside an array or concatenation.</param>
    /// <param name="outerSelfPath">For such a detached object, the path of the field whose value contains it.</param>
    private void ApplyEntries(ObjectSyntax syntax, HoconObject target, IReadOnlyList<string>? prefix, IReadOnlyList<string>? outerSelfPath)
    {
        foreach (var entry in syntax.Entries)
        {
            switch (entry)
            {
                case IncludeSyntax { Content: { } included }:
                    ApplyEntries(included, target, prefix, outerSelfPath);
                    break;
                case FieldSyntax field:
                    AssignField(field, target, prefix, outerSelfPath);
                    break;
            }
        }
    }

    private void AssignField(FieldSyntax field, HoconObject target, IReadOnlyList<string>? prefix, IReadOnlyList<string>? outerSelfPath)
    {
        var owner = target;
        var ownerPath = prefix;
        for (var i = 0; i < field.Path.Count - 1; i++)
        {
            owner = ObjectToFill(owner, field.Path[i], field.Position);
            ownerPath = ownerPath is null ? null : [.. ownerPath, field.Path[i]];
        }

        var key = field.Path[^1];
        IReadOnlyList<string>? fieldPath = ownerPath is null ? null : [.. ownerPath, key];
        if (!field.IsAppend && field.Value is ObjectSyntax objectSyntax)
        {
            ApplyEntries(objectSyntax, ObjectToFill(owner, key, objectSyntax.Position), fieldPath, outerSelfPath);
            return;
        }

        owner.TryGetValue(key, out var existing);
        var conversion = new Conversion(fieldPath ?? outerSelfPath);
        var value = Convert(field.Value, conversion);
        if (field.IsAppend)
        {
            var self = new HoconSubstitution(field.Position, fieldPath ?? field.Path, isOptional: true);
            var prior = fieldPath is null ? new HoconSelfReference(self, existing, []) : LookUpPrior(self);
            value = new HoconConcatenation(field.Position, [prior, new HoconArray(value.Position, [value])], [""]);
            conversion.UsedSelfReference = true;
        }

        owner.Set(key, existing is not null && value.IsPending && !conversion.UsedSelfReference
            ? new HoconDelayedMerge(existing, value)
            : value);
    }

    /// <summary>The object that fields under <paramref name="key"/> go into, creating or wrapping as merge rules say.</summary>
    private static HoconObject ObjectToFill(HoconObject owner, string key, SourcePosition position)
    {
        owner.TryGetValue(key, out var existing);
        switch (existing)
        {
            case HoconObject obj:
                return obj;
            case HoconDelayedMerge { Later: HoconObject later }:
                return later;
        }

        var fresh = new HoconObject(position);
        owner.Set(key, existing is { IsPending: true } ? new HoconDelayedMerge(existing, fresh) : fresh);
        return fresh;
    }

    private HoconValue Convert(HoconSyntax syntax, Conversion conversion)
    {
        switch (syntax)
        {
            case ScalarSyntax scalar:
                return new HoconScalar(scalar.Position, scalar.Kind, scalar.Text);
            case ArraySyntax array:
                return new HoconArray(array.Position, array.Elements.Select(e => Convert(e, conversion)).ToArray());
            case ObjectSyntax obj:
                var detached = new HoconObject(obj.Position);
                ApplyEntries(obj, detached, null, conversion.SelfPath);
                return detached;
            case ConcatenationSyntax concatenation:
                var parts = concatenation.Parts.Select(p => Convert(p, conversion)).ToArray();
                return new HoconConcatenation(concatenation.Position, parts, concatenation.Separators);
            case SubstitutionSyntax reference:
                var substitution = new HoconSubstitution(reference.Position, reference.Path, reference.IsOptional);
                if (conversion.SelfPath is { } selfPath && StartsWith(reference.Path, selfPath))
                {
                    conversion.UsedSelfReference = true;
                    return LookUpPrior(substitution);
                }

                return substitution;
            default:
                throw new HoconException(syntax.Position, $"unexpected syntax {syntax.GetType().Name}");
        }
    }

    /// <summary>Captures what the substitution's path holds in the tree built so far.</summary>
    private HoconSelfReference LookUpPrior(HoconSubstitution substitution)
    {
        HoconValue node = Root;
        var path = substitution.Path;
        for (var i = 0; i < path.Count; i++)
        {
            switch (node)
            {
                case HoconObject obj:
                    if (!obj.TryGetValue(path[i], out node!))
                    {
                        return new HoconSelfReference(substitution, null, []);
                    }

                    break;
                case HoconDelayedMerge { Later: HoconObject later } merge:
                    if (!later.TryGetValue(path[i], out node!))
                    {
                        return new HoconSelfReference(substitution, merge.Earlier, path.Skip(i).ToArray());
                    }

                    break;
                case { IsPending: true }:
                    return new HoconSelfReference(substitution, node, path.Skip(i).ToArray());
                default:
                    return new HoconSelfReference(substitution, null, []);
            }
        }

        return new HoconSelfReference(substitution, node, []);
    }

    private static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix) =>
        path.Count >= prefix.Count && prefix.Select((segment, i) => segment == path[i]).All(same => same);

    /// <summary>State of converting one field's value: which path counts as "self" and whether it was referenced.</summary>
    private sealed class Conversion(IReadOnlyList<string>? selfPath)
    {
        public IReadOnlyList<string>? SelfPath { get; } = selfPath;

        public bool UsedSelfReference { get; set; }
    }
}
