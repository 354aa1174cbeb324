using System.Globalization;
using Airwave.Hocon.Configuration;
using Airwave.Hocon.Tree;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Validation;

/// <summary>
/// Finds settings under a section (<c>airwave</c>) that the reference tree does not declare, with where they were set and
/// the declared key they probably meant. The reference declares every setting; two template conventions cover keys
/// that users name or repeat:
/// <list type="bullet">
/// <item>A key <c>"*"</c> stands for any key at its level, and its value is the template every such entry is checked
/// against: <c>channels { "*" = ${airwave.channel-defaults} }</c> or <c>channels { "*" { password = "" } }</c>.</item>
/// <item>For an array key <c>upstreams</c>, a sibling key <c>"upstreams[*]"</c> holds the template every element is
/// checked against: <c>upstreams = [], "upstreams[*]" { url = "", type = auto }</c>. Without it, elements are checked
/// against the merged object elements of the reference array, and an empty reference array accepts any element.</item>
/// </list>
/// Template keys are schema only: <see cref="HoconTreeFlattener"/> leaves them out of the configuration.
/// </summary>
public static class UnknownKeyValidator
{
    /// <summary>Reports every key under <paramref name="section"/> the reference does not declare, topmost unknown key once.</summary>
    public static IReadOnlyList<UnknownConfigurationKey> Validate(HoconObject reference, IConfigurationRoot configuration, string section = "airwave")
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = configuration.AsEnumerable()
            .Select(pair => pair.Key)
            .Where(key => key.Equals(section, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(section + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase))
            .Order(ConfigurationKeyComparer.Instance)
            .ToList();
        var findings = new List<UnknownConfigurationKey>();
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            if (FindUnknownSegment(reference, segments) is not var (index, candidates))
            {
                continue;
            }

            var unknownKey = string.Join(ConfigurationPath.KeyDelimiter, segments.Take(index + 1));
            if (!reported.Add(unknownKey))
            {
                continue;
            }

            var origin = keys
                .Where(k => k.Equals(unknownKey, StringComparison.OrdinalIgnoreCase)
                    || k.StartsWith(unknownKey + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase))
                .Select(k => EffectiveConfiguration.FindOrigin(configuration, k))
                .FirstOrDefault(o => o is not null) ?? "an unknown source";
            var suggestion = Suggest(segments[index], candidates) is { } near
                ? string.Join('.', segments.Take(index).Append(near))
                : null;
            findings.Add(new UnknownConfigurationKey(unknownKey.Replace(':', '.'), origin, suggestion));
        }

        return findings;
    }

    /// <summary>Index of the first segment the reference does not declare and the keys declared at that level, or null when all are known.</summary>
    private static (int Index, IReadOnlyList<string> Candidates)? FindUnknownSegment(HoconObject reference, string[] segments)
    {
        HoconValue current = reference;
        HoconValue? elementTemplate = null;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            switch (current)
            {
                case HoconObject obj:
                    var declared = obj.Keys.FirstOrDefault(k => !HoconTreeFlattener.IsTemplateKey(k)
                        && k.Equals(segment, StringComparison.OrdinalIgnoreCase));
                    if (declared is not null)
                    {
                        obj.TryGetValue(declared, out current!);
                        elementTemplate = obj.TryGetValue(declared + "[*]", out var template) ? template : null;
                    }
                    else if (obj.TryGetValue("*", out current!))
                    {
                        elementTemplate = null;
                    }
                    else
                    {
                        return (i, obj.Keys.Where(k => !HoconTreeFlattener.IsTemplateKey(k)).ToList());
                    }

                    break;
                case HoconArray array:
                    if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        return (i, []);
                    }

                    if ((elementTemplate ?? ElementTemplate(array)) is not { } element)
                    {
                        return null;
                    }

                    current = element;
                    elementTemplate = null;
                    break;
                default:
                    return (i, []);
            }
        }

        return null;
    }

    private static HoconValue? ElementTemplate(HoconArray array)
    {
        var objects = array.Elements.OfType<HoconObject>().ToList();
        return objects.Count > 0 ? objects.Aggregate(HoconResolver.Merge) : array.Elements.Count > 0 ? array.Elements[0] : null;
    }

    private static string? Suggest(string segment, IReadOnlyList<string> candidates)
    {
        var limit = Math.Max(2, segment.Length / 3);
        return candidates
            .Select(c => (Candidate: c, Distance: EditDistance.Between(segment, c)))
            .Where(c => c.Distance <= limit && c.Distance < segment.Length)
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }
}
