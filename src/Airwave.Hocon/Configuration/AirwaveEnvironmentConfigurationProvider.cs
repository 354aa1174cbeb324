using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Configuration;

/// <summary>
/// Maps <c>AIRWAVE__CHANNELS__LIVE__PASSWORD</c> to <c>airwave:channels:live:password</c>. An underscore in a variable
/// stands for a dash, and names match keys of earlier providers case-insensitively, so <c>AIRWAVE__DATA_DIR</c> overrides
/// <c>airwave:data-dir</c> under its file spelling; a key no earlier provider has is spelled in lower case with dashes.
/// </summary>
public sealed class AirwaveEnvironmentConfigurationProvider : ConfigurationProvider, IConfigurationOriginProvider
{
    private const string Separator = "__";

    private readonly AirwaveEnvironmentConfigurationSource source;
    private readonly Dictionary<string, (string Variable, string? Value)> byNormalizedKey = new(StringComparer.Ordinal);

    public AirwaveEnvironmentConfigurationProvider(AirwaveEnvironmentConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.source = source;
    }

    public override void Load()
    {
        byNormalizedKey.Clear();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in source.ReadVariables())
        {
            if (!name.StartsWith(source.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var segments = name.Split(Separator);
            if (segments.Any(s => s.Length == 0))
            {
                continue;
            }

            var normalized = string.Join(Separator, segments.Select(NormalizeSegment));
            byNormalizedKey[normalized] = (name, value);
            data[string.Join(ConfigurationPath.KeyDelimiter, segments.Select(DefaultSpelling))] = value;
        }

        Data = data;
    }

    public override bool TryGet(string key, out string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = byNormalizedKey.TryGetValue(NormalizeKey(key), out var entry);
        value = entry.Value;
        return found;
    }

    public override void Set(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        base.Set(key, value);
        byNormalizedKey[NormalizeKey(key)] = ($"(set {key})", value);
    }

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        ArgumentNullException.ThrowIfNull(earlierKeys);
        var earlier = earlierKeys.ToList();
        var parent = parentPath is null ? [] : parentPath.Split(ConfigurationPath.KeyDelimiter).Select(NormalizeSegment).ToArray();
        var children = new List<string>(earlier);
        foreach (var normalized in byNormalizedKey.Keys)
        {
            var segments = normalized.Split(Separator);
            if (segments.Length <= parent.Length || !parent.SequenceEqual(segments.Take(parent.Length), StringComparer.Ordinal))
            {
                continue;
            }

            var child = segments[parent.Length];
            children.Add(earlier.FirstOrDefault(k => NormalizeSegment(k) == child) ?? DefaultSpelling(child));
        }

        return children.Distinct(StringComparer.OrdinalIgnoreCase).Order(ConfigurationKeyComparer.Instance).ToList();
    }

    public bool TryGetOrigin(string key, [NotNullWhen(true)] out string? origin)
    {
        ArgumentNullException.ThrowIfNull(key);
        origin = byNormalizedKey.TryGetValue(NormalizeKey(key), out var entry) ? $"env {entry.Variable}" : null;
        return origin is not null;
    }

    public override string ToString() => $"environment variables {source.Prefix}*";

    private static string NormalizeKey(string key) =>
        string.Join(Separator, key.Split(ConfigurationPath.KeyDelimiter).Select(NormalizeSegment));

    private static string NormalizeSegment(string segment) => segment.ToUpperInvariant().Replace('-', '_');

    private static string DefaultSpelling(string segment) => segment.ToLowerInvariant().Replace('_', '-');
}
