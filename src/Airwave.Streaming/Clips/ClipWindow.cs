using System.Globalization;
using Airwave.Streaming.TimeShift;

namespace Airwave.Streaming.Clips;

/// <summary>A requested UTC window of a channel, parsed from <c>start=</c> with <c>duration=</c> or <c>end=</c>; or why it was rejected.</summary>
/// <param name="FromUtc">Start of the window.</param>
/// <param name="ToUtc">End of the window (exclusive).</param>
/// <param name="Error">Why the request was rejected; null when valid.</param>
public readonly record struct ClipWindow(DateTime FromUtc, DateTime ToUtc, string? Error)
{
    /// <summary>The longest window a download or VOD playlist may cover.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private const string DurationHint = "duration must be seconds (600) or with a unit: 90s, 30m, 1h";

    /// <summary>True when the request was understood.</summary>
    public bool IsValid => Error is null;

    /// <summary>The window's length.</summary>
    public TimeSpan Duration => ToUtc - FromUtc;

    /// <summary>Reads <c>start</c> (ISO-8601 or a time of day, as <c>?at=</c>) and <c>duration</c>.</summary>
    public static ClipWindow FromStartAndDuration(string? start, string? duration, DateTimeOffset now, TimeZoneInfo stationZone)
    {
        if (!TryStart(start, now, stationZone, out var from, out var error))
        {
            return Invalid(error);
        }

        if (!TryDuration(duration, out var length))
        {
            return Invalid(DurationHint);
        }

        return Checked(from, from + length);
    }

    /// <summary>Reads <c>start</c> and <c>end</c> (both as <c>?at=</c>); a missing end means now.</summary>
    public static ClipWindow FromStartAndEnd(string? start, string? end, DateTimeOffset now, TimeZoneInfo stationZone)
    {
        if (!TryStart(start, now, stationZone, out var from, out var error))
        {
            return Invalid(error);
        }

        var to = now.UtcDateTime;
        if (!string.IsNullOrWhiteSpace(end))
        {
            var parsed = TimeShiftParser.ParseAt(end, now, stationZone);
            if (parsed.Kind == TimeShiftKind.Invalid)
            {
                return Invalid("end: " + parsed.Error);
            }

            to = parsed.Kind == TimeShiftKind.Live ? to : parsed.Instant.UtcDateTime;
        }

        return Checked(from, to);
    }

    /// <summary>The window [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), checked against the limits.</summary>
    public static ClipWindow Checked(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc)
        {
            return Invalid("the window is empty: it must end after it starts");
        }

        return toUtc - fromUtc > MaxDuration
            ? Invalid($"the window is longer than the {MaxDuration.TotalHours:0} hours allowed")
            : new ClipWindow(fromUtc, toUtc, null);
    }

    /// <summary>Parses a duration: seconds, or a number with s, m/min or h.</summary>
    public static bool TryDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        var digits = span.Length - span.TrimStart("0123456789").Length;
        if (digits == 0 || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 10_000_000)
        {
            return false;
        }

        var unit = span[digits..].ToString().ToLowerInvariant();
        TimeSpan? scale = unit switch
        {
            "" or "s" or "sec" => TimeSpan.FromSeconds(1),
            "m" or "min" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            _ => null,
        };
        if (scale is null || count == 0)
        {
            return false;
        }

        duration = scale.Value * count;
        return true;
    }

    private static bool TryStart(string? start, DateTimeOffset now, TimeZoneInfo zone, out DateTime from, out string error)
    {
        from = default;
        var parsed = TimeShiftParser.ParseAt(start, now, zone);
        switch (parsed.Kind)
        {
            case TimeShiftKind.At:
                from = parsed.Instant.UtcDateTime;
                error = "";
                return true;
            case TimeShiftKind.Live:
                error = "start must be a time in the past, not now";
                return false;
            default:
                error = "start: " + parsed.Error;
                return false;
        }
    }

    private static ClipWindow Invalid(string error) => new(default, default, error);
}
