namespace Airwave.Streaming.Tests.TimeShift;

/// <summary>The station zone used by the time-shift tests: CET/CEST, with 2026 transitions on 29 March and 25 October.</summary>
internal static class Berlin
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);
}
