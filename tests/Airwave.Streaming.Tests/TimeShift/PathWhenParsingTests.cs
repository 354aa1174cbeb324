using Airwave.Streaming.TimeShift;
using Xunit;

namespace Airwave.Streaming.Tests.TimeShift;

public sealed class PathWhenParsingTests
{
    // 11:00 in Berlin (CET, UTC+1).
    private static readonly DateTimeOffset Now = Berlin.Utc(11, 21, 10, 0);

    [Theory]
    [InlineData("-5", 5)]
    [InlineData("-90", 90)]
    [InlineData("5min", 5)]
    [InlineData("5MIN", 5)]
    [InlineData("5m", 5)]
    [InlineData("-5min", 5)]
    public void Minutes_ago_forms_count_back_from_now(string when, int minutes)
    {
        var target = TimeShiftParser.ParsePathWhen(when, Now, Berlin.Zone);

        Assert.Equal(TimeShiftKind.At, target.Kind);
        Assert.Equal(Now.AddMinutes(-minutes), target.Instant);
    }

    [Theory]
    [InlineData("10am", 11, 21, 9, 0)]
    [InlineData("1pm", 11, 20, 12, 0)]
    [InlineData("2:30pm", 11, 20, 13, 30)]
    [InlineData("13:00", 11, 20, 12, 0)]
    [InlineData("10:30", 11, 21, 9, 30)]
    [InlineData("2026-11-21T09:00:00Z", 11, 21, 9, 0)]
    [InlineData("2026-11-21T09:00", 11, 21, 8, 0)]
    public void Times_of_day_and_iso_times_resolve_like_at(string when, int month, int day, int hour, int minute)
    {
        var target = TimeShiftParser.ParsePathWhen(when, Now, Berlin.Zone);

        Assert.Equal(Berlin.Utc(month, day, hour, minute), target.Instant);
    }

    [Theory]
    [InlineData("live")]
    [InlineData("-0")]
    [InlineData("0min")]
    public void Live_and_zero_minutes_ago_mean_live(string when) =>
        Assert.Equal(TimeShiftKind.Live, TimeShiftParser.ParsePathWhen(when, Now, Berlin.Zone).Kind);

    [Theory]
    [InlineData("5", "ambiguous")]
    [InlineData("13", "ambiguous")]
    [InlineData("-", "not minutes ago")]
    [InlineData("-x", "not minutes ago")]
    [InlineData("-5h", "not minutes ago")]
    [InlineData("5hours", "expected a time")]
    [InlineData("yesterday", "expected a time")]
    [InlineData("", "expected a time")]
    [InlineData(null, "expected a time")]
    [InlineData("99999999999999min", "too large")]
    [InlineData("2030-01-01T00:00:00Z", "in the future")]
    public void Garbage_is_rejected_with_a_reason(string? when, string reason)
    {
        var target = TimeShiftParser.ParsePathWhen(when, Now, Berlin.Zone);

        Assert.Equal(TimeShiftKind.Invalid, target.Kind);
        Assert.Contains(reason, target.Error, StringComparison.Ordinal);
    }
}
