namespace Airwave.Streaming.TimeShift;

/// <summary>Turns a station's wall-clock times into UTC instants, across daylight-saving gaps and overlaps.</summary>
/// <remarks>
/// A wall time that does not exist (spring-forward gap) is moved forward by the gap, as if the clock had not jumped yet
/// (02:30 on a Berlin spring-forward day is 03:30 CEST). A wall time that occurs twice (fall-back overlap) has two
/// candidates; callers choose between them.
/// </remarks>
internal static class StationClock
{
    /// <summary>The most recent instant, at or before <paramref name="now"/>, at which the station's clock read <paramref name="time"/>: today, else yesterday.</summary>
    public static DateTimeOffset MostRecent(TimeOnly time, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var nowUtc = now.UtcDateTime;
        for (var daysBack = 0; daysBack <= 2; daysBack++)
        {
            var local = today.AddDays(-daysBack).ToDateTime(time);
            DateTime? best = null;
            foreach (var utc in Candidates(local, zone))
            {
                if (utc <= nowUtc && (best is null || utc > best))
                {
                    best = utc;
                }
            }

            if (best is { } found)
            {
                return new DateTimeOffset(found, TimeSpan.Zero);
            }
        }

        throw new InvalidOperationException($"No instant found for {time} in {zone.Id}.");
    }

    /// <summary>The instant at which the station's clock read <paramref name="local"/>; the earlier one when it read it twice.</summary>
    public static DateTimeOffset Earliest(DateTime local, TimeZoneInfo zone)
    {
        var earliest = DateTime.MaxValue;
        foreach (var utc in Candidates(local, zone))
        {
            if (utc < earliest)
            {
                earliest = utc;
            }
        }

        return new DateTimeOffset(earliest, TimeSpan.Zero);
    }

    /// <summary>UTC instants whose local time in <paramref name="zone"/> is <paramref name="local"/>; one shifted-forward instant in a gap.</summary>
    private static List<DateTime> Candidates(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var probe = DateTime.SpecifyKind(local - zone.BaseUtcOffset, DateTimeKind.Utc);
        var offsets = new[]
        {
            zone.GetUtcOffset(probe.AddDays(-1)),
            zone.GetUtcOffset(probe),
            zone.GetUtcOffset(probe.AddDays(1)),
        };
        var found = new List<DateTime>(2);
        foreach (var offset in offsets.Distinct())
        {
            var utc = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
            if (TimeZoneInfo.ConvertTimeFromUtc(utc, zone) == local && !found.Contains(utc))
            {
                found.Add(utc);
            }
        }

        if (found.Count == 0)
        {
            found.Add(DateTime.SpecifyKind(local - offsets.Min(), DateTimeKind.Utc));
        }

        return found;
    }
}
