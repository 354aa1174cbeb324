using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Hocon.Values;

/// <summary>
/// Parses HOCON durations (<c>500ms</c>, <c>15s</c>, <c>1.5d</c>, <c>2 hours</c>). A unit is required: HOCON reads a bare
/// number as milliseconds, and <c>source-timeout = 10</c> meant as seconds dropped every source milliseconds after it connected.
/// Only a bare <c>0</c> is taken, as it means the same in every unit.
/// </summary>
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

        var number = match.Groups["number"].Value;
        var unit = match.Groups["unit"].Value;
        if (unit.Length == 0 && !IsZero(number))
        {
            error = $"a duration needs a unit: write {number}s or {number}ms";
            return false;
        }

        if (!TicksPerUnit.TryGetValue(unit.Length == 0 ? "ms" : unit, out var ticksPerUnit))
        {
            error = $"unknown unit \"{unit}\" (expected ns, us, ms, s, m, h, d or their long names)";
            return false;
        }

        try
        {
            value = TimeSpan.FromTicks((long)Math.Round(decimal.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) * ticksPerUnit));
            error = "";
            return true;
        }
        catch (OverflowException)
        {
            error = "out of range";
            return false;
        }
    }

    /// <summary>Writes a duration as HOCON in the largest unit that holds it exactly (<c>1s</c>, <c>250ms</c>, <c>2h</c>), for messages.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        (long Ticks, string Unit)[] units = [(TimeSpan.TicksPerDay, "d"), (TimeSpan.TicksPerHour, "h"), (TimeSpan.TicksPerMinute, "m"), (TimeSpan.TicksPerSecond, "s"), (TimeSpan.TicksPerMillisecond, "ms")];
        foreach (var (ticks, unit) in units)
        {
            if (value.Ticks % ticks == 0)
            {
                return (value.Ticks / ticks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    private static bool IsZero(string number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == 0;

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
