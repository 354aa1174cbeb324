using Airwave.Streaming.TimeShift;
using Xunit;

namespace Airwave.Streaming.Tests.TimeShift;

/// <summary>Berlin 2026: clocks go 02:00 CET → 03:00 CEST on 29 March (01:00 UTC) and 03:00 CEST → 02:00 CET on 25 October (01:00 UTC).</summary>
public sealed class DaylightSavingTests
{
    [Fact]
    public void In_the_fall_back_overlap_a_repeated_wall_time_means_its_most_recent_occurrence()
    {
        var now = Berlin.Utc(10, 25, 1, 45); // 02:45 CET, the second time the clock shows 02:45

        Assert.Equal(Berlin.Utc(10, 25, 1, 30), TimeShiftParser.ParseAt("02:30", now, Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(10, 25, 0, 50), TimeShiftParser.ParseAt("02:50", now, Berlin.Zone).Instant);
    }

    [Fact]
    public void During_the_first_pass_through_the_overlap_the_repeated_hour_is_its_first_occurrence()
    {
        var now = Berlin.Utc(10, 25, 0, 45); // 02:45 CEST, first pass

        Assert.Equal(Berlin.Utc(10, 25, 0, 30), TimeShiftParser.ParseAt("2:30am", now, Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(10, 24, 0, 50), TimeShiftParser.ParseAt("02:50", now, Berlin.Zone).Instant);
    }

    [Fact]
    public void A_wall_time_after_the_overlap_but_later_than_now_is_yesterday_in_summer_time()
    {
        var now = Berlin.Utc(10, 25, 1, 45);

        Assert.Equal(Berlin.Utc(10, 24, 1, 30), TimeShiftParser.ParseAt("03:30", now, Berlin.Zone).Instant);
    }

    [Fact]
    public void An_iso_time_without_offset_in_the_overlap_means_the_first_occurrence()
    {
        var now = Berlin.Utc(10, 25, 6, 0);

        Assert.Equal(Berlin.Utc(10, 25, 0, 30), TimeShiftParser.ParseAt("2026-10-25T02:30", now, Berlin.Zone).Instant);
    }

    [Fact]
    public void A_wall_time_in_the_spring_forward_gap_moves_forward_by_the_gap()
    {
        var now = Berlin.Utc(3, 29, 10, 0); // 12:00 CEST

        Assert.Equal(Berlin.Utc(3, 29, 1, 30), TimeShiftParser.ParseAt("02:30", now, Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(3, 29, 1, 30), TimeShiftParser.ParseAt("03:30", now, Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(3, 29, 0, 30), TimeShiftParser.ParseAt("01:30", now, Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(3, 29, 1, 30), TimeShiftParser.ParseAt("2026-03-29T02:30", now, Berlin.Zone).Instant);
    }

    [Fact]
    public void Yesterday_keeps_yesterdays_offset_across_a_transition()
    {
        Assert.Equal(Berlin.Utc(3, 28, 8, 0), TimeShiftParser.ParseAt("09:00", Berlin.Utc(3, 29, 0, 30), Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(3, 29, 7, 0), TimeShiftParser.ParseAt("09:00", Berlin.Utc(3, 30, 6, 0), Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(10, 25, 8, 0), TimeShiftParser.ParseAt("9am", Berlin.Utc(10, 26, 7, 0), Berlin.Zone).Instant);
        Assert.Equal(Berlin.Utc(10, 24, 7, 0), TimeShiftParser.ParseAt("9am", Berlin.Utc(10, 25, 7, 0), Berlin.Zone).Instant);
    }

    [Fact]
    public void Minutes_ago_across_the_transition_is_plain_elapsed_time()
    {
        var now = Berlin.Utc(10, 25, 1, 15);

        Assert.Equal(Berlin.Utc(10, 25, 0, 45), TimeShiftParser.ParsePathWhen("-30", now, Berlin.Zone).Instant);
    }
}
