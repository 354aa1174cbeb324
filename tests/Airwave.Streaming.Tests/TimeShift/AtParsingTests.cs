using Airwave.Streaming.TimeShift;
using Xunit;

namespace Airwave.Streaming.Tests.TimeShift;

public sealed class AtParsingTests
{
    // 11:00 in Berlin (CET, UTC+1).
    private static readonly DateTimeOffset Now = Berlin.Utc(11, 21, 10, 0);

    [Theory]
    [InlineData("2026-11-21T09:00:00Z", 11, 21, 9, 0)]
    [InlineData("2026-11-21T09:00Z", 11, 21, 9, 0)]
    [InlineData("2026-11-21T09:00:00+01:00", 11, 21, 8, 0)]
    [InlineData("2026-11-21T04:00:00-05:00", 11, 21, 9, 0)]
    [InlineData("2026-11-21T09:00:00 01:00", 11, 21, 8, 0)]
    [InlineData("2026-11-21T09:00", 11, 21, 8, 0)]
    [InlineData("2026-11-21T09:00:00", 11, 21, 8, 0)]
    [InlineData("2026-11-20T23:59:59Z", 11, 20, 23, 59)]
    public void Iso_times_with_an_offset_are_absolute_and_without_one_are_station_time(string value, int month, int day, int hour, int minute)
    {
        var target = TimeShiftParser.ParseAt(value, Now, Berlin.Zone);

        Assert.Equal(TimeShiftKind.At, target.Kind);
        Assert.Equal(Berlin.Utc(month, day, hour, minute), target.Instant.AddSeconds(-target.Instant.Second));
    }

    [Fact]
    public void Iso_fractional_seconds_are_kept()
    {
        var target = TimeShiftParser.ParseAt("2026-11-21T09:00:00.250Z", Now, Berlin.Zone);

        Assert.Equal(Berlin.Utc(11, 21, 9, 0).AddMilliseconds(250), target.Instant);
    }

    [Theory]
    [InlineData("09:00", 11, 21, 8, 0, 0)]
    [InlineData("9:00", 11, 21, 8, 0, 0)]
    [InlineData("09:00:30", 11, 21, 8, 0, 30)]
    [InlineData("9am", 11, 21, 8, 0, 0)]
    [InlineData("9 AM", 11, 21, 8, 0, 0)]
    [InlineData("9:15am", 11, 21, 8, 15, 0)]
    [InlineData("10:59:59", 11, 21, 9, 59, 59)]
    [InlineData("11:00", 11, 21, 10, 0, 0)]
    [InlineData("12am", 11, 20, 23, 0, 0)]
    [InlineData("12:30am", 11, 20, 23, 30, 0)]
    [InlineData("00:00", 11, 20, 23, 0, 0)]
    public void Wall_times_at_or_before_now_are_today_in_station_time(string value, int month, int day, int hour, int minute, int second)
    {
        var target = TimeShiftParser.ParseAt(value, Now, Berlin.Zone);

        Assert.Equal(TimeShiftKind.At, target.Kind);
        Assert.Equal(Berlin.Utc(month, day, hour, minute, second), target.Instant);
    }

    [Theory]
    [InlineData("11:00:01", 11, 20, 10, 0, 1)]
    [InlineData("2:30pm", 11, 20, 13, 30, 0)]
    [InlineData("2:30PM", 11, 20, 13, 30, 0)]
    [InlineData("12pm", 11, 20, 11, 0, 0)]
    [InlineData("12:30pm", 11, 20, 11, 30, 0)]
    [InlineData("23:59", 11, 20, 22, 59, 0)]
    [InlineData("11pm", 11, 20, 22, 0, 0)]
    public void Wall_times_later_than_now_mean_yesterday(string value, int month, int day, int hour, int minute, int second)
    {
        var target = TimeShiftParser.ParseAt(value, Now, Berlin.Zone);

        Assert.Equal(Berlin.Utc(month, day, hour, minute, second), target.Instant);
    }

    [Theory]
    [InlineData("now")]
    [InlineData("LIVE")]
    public void Now_and_live_mean_live(string value) =>
        Assert.Equal(TimeShiftKind.Live, TimeShiftParser.ParseAt(value, Now, Berlin.Zone).Kind);

    [Theory]
    [InlineData(null, "ISO-8601")]
    [InlineData("", "ISO-8601")]
    [InlineData("13pm", "1 to 12")]
    [InlineData("0am", "1 to 12")]
    [InlineData("25:00", "0 to 23")]
    [InlineData("24:00", "0 to 23")]
    [InlineData("9:60", "00 to 59")]
    [InlineData("9:00:61", "00 to 59")]
    [InlineData("9:5", "two digits")]
    [InlineData("13", "time of day")]
    [InlineData("noon", "time of day")]
    [InlineData("9:00:00:00", "time of day")]
    [InlineData("123:00", "one or two digits")]
    [InlineData("-9:00", "one or two digits")]
    [InlineData("2026-13-01T00:00:00Z", "not a valid ISO-8601")]
    [InlineData("2026-11-21", "not a valid ISO-8601")]
    [InlineData("2026-11-21T12:00:00Z", "in the future")]
    [InlineData("2026-11-21T11:30", "in the future")]
    public void Garbage_and_future_times_are_rejected_with_a_reason(string? value, string reason)
    {
        var target = TimeShiftParser.ParseAt(value, Now, Berlin.Zone);

        Assert.Equal(TimeShiftKind.Invalid, target.Kind);
        Assert.Contains(reason, target.Error, StringComparison.Ordinal);
    }
}
