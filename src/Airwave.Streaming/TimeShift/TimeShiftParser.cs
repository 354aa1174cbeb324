using System.Globalization;

namespace Airwave.Streaming.TimeShift;

/// <summary>Turns a listener's time-shift request (<c>?offset=</c>, <c>?at=</c>, <c>/mount/live/{when}</c>) into a target instant, given now and the station's time zone.</summary>
/// <remarks>
/// Pure: the clock and the zone are arguments. Wall times (<c>09:00</c>, <c>9am</c>) mean the most recent moment the
/// station's clock showed them, so a time later than now means yesterday; see <see cref="StationClock"/> for
/// daylight-saving gaps and overlaps. Instants in the future are rejected; zero offsets mean live.
/// </remarks>
public static class TimeShiftParser
{
    /// <summary>Largest accepted distance behind live.</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(366);

    private const string OffsetHint = "offset must be a whole number of seconds behind live, like 300, or with a unit: 90s, 5m, 2h";
    private const string AtHint = "at must be an ISO-8601 time like 2026-11-21T09:00:00Z or a time of day like 09:00, 9am or 2:30pm";
    private const string WhenHint = "expected a time like 1pm, 2:30pm, 13:00 or an ISO-8601 time, or minutes ago like -5 or 5min";

    /// <summary>Parses <c>?offset=</c>: seconds behind live (<c>300</c>), or with a unit <c>s</c>/<c>sec</c>, <c>m</c>/<c>min</c>, <c>h</c>.</summary>
    public static TimeShiftTarget ParseOffset(string? value, DateTimeOffset now)
    {
        var text = value.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return TimeShiftTarget.Invalid(OffsetHint);
        }

        if (text[0] == '-')
        {
            return TimeShiftTarget.Invalid("offset must not be negative: it counts seconds behind live");
        }

        var digits = text.Length - text.TrimStart("0123456789").Length;
        var unit = text[digits..];
        var scale = unit switch
        {
            "" or "s" or "S" or "sec" or "SEC" => TimeSpan.FromSeconds(1),
            "m" or "M" or "min" or "MIN" => TimeSpan.FromMinutes(1),
            "h" or "H" => TimeSpan.FromHours(1),
            _ => TimeSpan.Zero,
        };
        if (digits == 0 || scale == TimeSpan.Zero)
        {
            return TimeShiftTarget.Invalid(OffsetHint);
        }

        return Behind(text[..digits], scale, now, "offset");
    }

    /// <summary>Parses <c>?at=</c>: an ISO-8601 date-time, or a time of day in station time (most recent occurrence).</summary>
    public static TimeShiftTarget ParseAt(string? value, DateTimeOffset now, TimeZoneInfo stationZone)
    {
        ArgumentNullException.ThrowIfNull(stationZone);
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return TimeShiftTarget.Invalid(AtHint);
        }

        if (text.Equals("now", StringComparison.OrdinalIgnoreCase) || text.Equals("live", StringComparison.OrdinalIgnoreCase))
        {
            return TimeShiftTarget.Live;
        }

        if (IsoInstant.LooksLikeIso(text))
        {
            return ParseIso(text, now, stationZone, AtHint);
        }

        return WallClockTime.TryParse(text, out var time, out var error)
            ? TimeShiftTarget.At(StationClock.MostRecent(time, now, stationZone))
            : TimeShiftTarget.Invalid($"{error}; {AtHint}");
    }

    /// <summary>Parses the path form <c>/mount/live/{when}</c>: <c>1pm</c>, <c>2:30pm</c>, <c>13:00</c>, ISO-8601, <c>-5</c> or <c>5min</c> (minutes ago), <c>live</c>.</summary>
    public static TimeShiftTarget ParsePathWhen(string? when, DateTimeOffset now, TimeZoneInfo stationZone)
    {
        ArgumentNullException.ThrowIfNull(stationZone);
        var text = when?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return TimeShiftTarget.Invalid(WhenHint);
        }

        if (text.Equals("live", StringComparison.OrdinalIgnoreCase) || text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return TimeShiftTarget.Live;
        }

        if (IsoInstant.LooksLikeIso(text))
        {
            return ParseIso(text, now, stationZone, WhenHint);
        }

        var span = text.AsSpan();
        var minus = span[0] == '-';
        var body = minus ? span[1..] : span;
        var digits = body.Length - body.TrimStart("0123456789").Length;
        var unit = body[digits..];
        var minutesUnit = unit.Equals("min", StringComparison.OrdinalIgnoreCase) || unit.Equals("m", StringComparison.OrdinalIgnoreCase);
        if (digits > 0 && (minutesUnit || (minus && unit.IsEmpty)))
        {
            return Behind(body[..digits], TimeSpan.FromMinutes(1), now, "minutes ago");
        }

        if (minus)
        {
            return TimeShiftTarget.Invalid($"'{text}' is not minutes ago; {WhenHint}");
        }

        if (digits > 0 && digits == body.Length)
        {
            return TimeShiftTarget.Invalid($"'{text}' is ambiguous: write -{text} for minutes ago, or {text}am, {text}pm or {text}:00 for a time of day");
        }

        return WallClockTime.TryParse(span, out var time, out var error)
            ? TimeShiftTarget.At(StationClock.MostRecent(time, now, stationZone))
            : TimeShiftTarget.Invalid($"{error}; {WhenHint}");
    }

    private static TimeShiftTarget ParseIso(string text, DateTimeOffset now, TimeZoneInfo zone, string hint)
    {
        if (!IsoInstant.TryParse(text, zone, out var instant))
        {
            return TimeShiftTarget.Invalid($"'{text}' is not a valid ISO-8601 time; {hint}");
        }

        return instant > now
            ? TimeShiftTarget.Invalid($"{instant.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is in the future")
            : TimeShiftTarget.At(instant);
    }

    private static TimeShiftTarget Behind(ReadOnlySpan<char> digits, TimeSpan unit, DateTimeOffset now, string what)
    {
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxOffset.Ticks / unit.Ticks)
        {
            return TimeShiftTarget.Invalid($"{what} is too large: at most {MaxOffset.TotalDays:0} days");
        }

        return count == 0 ? TimeShiftTarget.Live : TimeShiftTarget.At(now - TimeSpan.FromTicks(count * unit.Ticks));
    }
}
