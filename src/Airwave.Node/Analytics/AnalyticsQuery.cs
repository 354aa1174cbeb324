using System.Globalization;
using Airwave.Hocon.Values;

namespace Airwave.Node.Analytics;

/// <summary>
/// The window a report or an export covers, from a request's <c>channel</c>, <c>from</c>, <c>to</c> and <c>interval</c>:
/// times are ISO 8601 (<c>2026-12-03T09:00:00Z</c>, a date alone is midnight UTC) or relative to now (<c>-24h</c>,
/// <c>now</c>); the interval is a duration (<c>15m</c>, <c>1h</c>, <c>1d</c>). By default the last 24 hours by the hour.
/// </summary>
internal sealed record AnalyticsQuery(string? Channel, DateTime FromUtc, DateTime ToUtc, TimeSpan Interval)
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <exception cref="FormatException">A value cannot be read; the message says which and what is expected.</exception>
    public static AnalyticsQuery Parse(IQueryCollection query, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(query);
        var channel = query["channel"].ToString() is { Length: > 0 } c ? c : null;
        var to = Time(query["to"].ToString(), "to", nowUtc) ?? nowUtc;
        var from = Time(query["from"].ToString(), "from", nowUtc) ?? to - DefaultWindow;
        var interval = query["interval"].ToString() is { Length: > 0 } text
            ? HoconDuration.TryParse(text, out var parsed) && parsed > TimeSpan.Zero ? parsed : throw new FormatException($"interval: \"{text}\" is not a positive duration such as 15m, 1h or 1d")
            : DefaultInterval;
        return to > from
            ? new AnalyticsQuery(channel, from, to, interval)
            : throw new FormatException($"from ({from:o}) must be before to ({to:o})");
    }

    private static DateTime? Time(string text, string name, DateTime nowUtc)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text == "now")
        {
            return nowUtc;
        }

        if (text[0] == '-' && HoconDuration.TryParse(text[1..], out var ago))
        {
            return nowUtc - ago;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.UtcDateTime
            : throw new FormatException($"{name}: \"{text}\" is not a time: give ISO 8601 (2026-12-03T09:00:00Z), a date, now, or a time ago such as -24h");
    }
}
