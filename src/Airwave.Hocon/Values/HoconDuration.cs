using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Hocon;

/// <summary>Parses HOCON durations (<c>500ms</c>, <c>15s</c>, <c>1.5d</c>, <c>2 hours</c>); a bare number is milliseconds.</summary>
public static partial class HoconDuration
{
    private static readonly Dictionary<string, decimal> TicksPerUnit = BuildUnits();

    /// <summary>Parses a duration or throws a <see cref="FormatException"/> naming the bad text.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error)
            ? value
            : throw new FormatException($"\"{text}\" is not a duration: {error}");
    }

    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    internal static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = default;
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            error = "expected a number followed by a unit such as ms, s, m, h or d";
            return false;
        }

        var unit = match.Groups["unit"].Value;
        if (!TicksPerUnit.TryGetValue(unit.Length == 0 ? "ms" : unit, out var ticksPerUnit))
        {
            error = $"unknown unit \"{unit}\" (expected ns, us, ms, s, m, h, d or their long names)";
            return false;
        }

        try
        {
            var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            value = TimeSpan.FromTicks((long)Math.Round(number * ticksPerUnit));
            error = "";
            return true;
        }
        catch (OverflowException)
        {
            error = "out of range";
            return false;
        }
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(TimeSpan.TicksPerMicrosecond, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    [GeneratedRegex(@"^\s*(?<number>[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][+-]?[0-9]+)?)\s*(?<unit>[a-zA-Z]*)\s*$")]
    private static partial Regex Pattern();
}
