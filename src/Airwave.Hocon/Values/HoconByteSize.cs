using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Hocon.Values;

/// <summary>Parses HOCON sizes in bytes (<c>64KiB</c>, <c>200MB</c>, <c>1.5GiB</c>, <c>512k</c>); single letters are powers of 1024.</summary>
public static partial class HoconByteSize
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    /// <summary>Parses a size or throws a <see cref="FormatException"/> naming the bad text.</summary>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error)
            ? value
            : throw new FormatException($"\"{text}\" is not a size in bytes: {error}");
    }

    public static bool TryParse(string? text, out long value) => TryParse(text, out value, out _);

    internal static bool TryParse(string? text, out long value, out string error)
    {
        value = 0;
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            error = "expected a non-negative number followed by an optional unit such as B, KiB, MB or GiB";
            return false;
        }

        var unit = match.Groups["unit"].Value;
        if (!BytesPerUnit.TryGetValue(unit, out var bytesPerUnit))
        {
            error = $"unknown unit \"{unit}\" (expected B, K/KiB (1024), kB (1000), M/MiB, MB, G/GiB, GB, T/TiB, TB, ...)";
            return false;
        }

        try
        {
            var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            value = (long)Math.Round(number * bytesPerUnit);
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
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var name in new[] { "", "B", "b", "byte", "bytes" })
        {
            units[name] = 1;
        }

        string[] prefixes = ["k", "m", "g", "t", "p", "e"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi"];
        for (var i = 0; i < prefixes.Length; i++)
        {
            var binary = (decimal)Math.Pow(1024, i + 1);
            var power = (decimal)Math.Pow(1000, i + 1);
            var upper = prefixes[i].ToUpperInvariant();
            foreach (var name in new[] { upper, prefixes[i], upper + "i", upper + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                units[name] = binary;
            }

            foreach (var name in new[] { prefixes[i] + "B", upper + "B", decimalNames[i] + "byte", decimalNames[i] + "bytes" })
            {
                units[name] = power;
            }
        }

        return units;
    }

    [GeneratedRegex(@"^\s*(?<number>([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][+-]?[0-9]+)?)\s*(?<unit>[a-zA-Z]*)\s*$")]
    private static partial Regex Pattern();
}
