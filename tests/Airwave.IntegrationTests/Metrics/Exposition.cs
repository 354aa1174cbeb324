using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.IntegrationTests.Metrics;

/// <summary>One sample of Prometheus' text exposition format: metric name, labels, value.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A small parser of Prometheus' text exposition format, enough to read back what a node serves (no escapes inside
/// label values beyond <c>\"</c> and <c>\\</c>, which channel names never hold). promtool checks the format itself.
/// </summary>
internal sealed partial class Exposition
{
    private Exposition(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, string> types) => (Samples, Types) = (samples, types);

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>The <c># TYPE</c> of each metric family.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static Exposition Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a sample line: {line}");
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal), StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new Exposition(samples, types);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Where(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));

    /// <summary>The value of the one sample of <paramref name="name"/> with <paramref name="labels"/>, or null when there is none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Where(name, labels).Select(s => (double?)s.Value).SingleOrDefault();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
