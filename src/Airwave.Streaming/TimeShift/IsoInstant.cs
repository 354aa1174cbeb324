using System.Globalization;

namespace Airwave.Streaming.TimeShift;

/// <summary>Parses ISO-8601 date-times: with <c>Z</c> or an offset they are absolute, without one they are station time.</summary>
internal static class IsoInstant
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>True if <paramref name="text"/> starts like an ISO date (<c>YYYY-</c>).</summary>
    public static bool LooksLikeIso(ReadOnlySpan<char> text) =>
        text.Length >= 5 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2])
        && char.IsAsciiDigit(text[3]) && text[4] == '-';

    public static bool TryParse(string text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        text = RestorePlusSign(text.Trim());
        var time = text.IndexOf('T', StringComparison.Ordinal);
        var hasOffset = time > 0 && (text.EndsWith('Z') || text.IndexOfAny(['+', '-'], time) > 0);
        if (hasOffset)
        {
            return DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            instant = StationClock.Earliest(local, zone);
            return true;
        }

        instant = default;
        return false;
    }

    /// <summary>A query string decodes <c>+01:00</c> to <c> 01:00</c>; put the plus back.</summary>
    private static string RestorePlusSign(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        var space = text.LastIndexOf(' ');
        return time > 0 && space > time ? string.Concat(text.AsSpan(0, space), "+", text.AsSpan(space + 1)) : text;
    }
}
