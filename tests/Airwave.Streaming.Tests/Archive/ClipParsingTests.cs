using Airwave.Streaming.Clips;
using Xunit;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>Range headers, DRR names, windows and path tricks are read exactly as the protocols say.</summary>
public sealed class ClipParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=0-99", ByteRangeKind.Partial, 0, 99)]
    [InlineData("bytes=100-", ByteRangeKind.Partial, 100, 999)]
    [InlineData("bytes=-300", ByteRangeKind.Partial, 700, 999)]
    [InlineData("bytes=-5000", ByteRangeKind.Partial, 0, 999)]
    [InlineData("bytes=900-5000", ByteRangeKind.Partial, 900, 999)]
    [InlineData("bytes=0-1,5-6", ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=1000-", ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=1000-2000", ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-0", ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=5-4", ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=abc", ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=+1-2", ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=-x", ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=1-x", ByteRangeKind.Whole, 0, 999)]
    [InlineData("bytes=", ByteRangeKind.Whole, 0, 999)]
    [InlineData("items=0-1", ByteRangeKind.Whole, 0, 999)]
    public void Range_header_is_read_against_the_length(string? header, ByteRangeKind kind, long from, long to)
    {
        var range = ByteRangeRequest.Parse(header, 1000);

        Assert.Equal((kind, from, to), (range.Kind, range.From, range.To));
    }

    [Fact]
    public void Drr_name_gives_mount_local_start_minutes_and_extension()
    {
        Assert.True(DrrClipName.TryParse("my-live-202611210900_30.mp3", out var clip));

        Assert.Equal("my-live", clip!.Mount);
        Assert.Equal(new DateTime(2026, 11, 21, 9, 0, 0), clip.LocalStart);
        Assert.Equal(TimeSpan.FromMinutes(30), clip.Duration);
        Assert.Equal(".mp3", clip.Extension);
        Assert.Equal(new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), clip.StartUtc(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")));
    }

    [Theory]
    [InlineData("live")]
    [InlineData("live.mp3")]
    [InlineData("live-20261121090_30.mp3")]
    [InlineData("live-202611210900-30.mp3")]
    [InlineData("live-202613210900_30.mp3")]
    [InlineData("live-202611210900_0.mp3")]
    [InlineData("live-202611210900_30")]
    [InlineData("-202611210900_30.mp3")]
    [InlineData("live-202611210900_x.mp3")]
    public void Other_names_are_not_drr_names(string name) => Assert.False(DrrClipName.TryParse(name, out _));

    [Theory]
    [InlineData("600", 600)]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h", 3600)]
    public void Durations_take_seconds_or_a_unit(string text, int seconds)
    {
        Assert.True(ClipWindow.TryDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void Window_starts_at_an_iso_time_or_a_station_time_of_day_and_is_capped()
    {
        var iso = ClipWindow.FromStartAndDuration("2026-11-21T09:00:00Z", "30m", Now, TimeZoneInfo.Utc);
        var morning = ClipWindow.FromStartAndDuration("9am", "10", Now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Equal((new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(30)), (iso.FromUtc, iso.Duration));
        Assert.Equal(new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), morning.FromUtc);
        Assert.False(ClipWindow.FromStartAndDuration("9am", "25h", Now, TimeZoneInfo.Utc).IsValid);
        Assert.False(ClipWindow.FromStartAndDuration("9am", "0", Now, TimeZoneInfo.Utc).IsValid);
        Assert.False(ClipWindow.FromStartAndDuration("tomorrow", "10", Now, TimeZoneInfo.Utc).IsValid);
        Assert.False(ClipWindow.FromStartAndEnd("10:00", "09:00", Now, TimeZoneInfo.Utc).IsValid);
    }

    [Theory]
    [InlineData("..", true)]
    [InlineData("..%2Fetc%2Fpasswd", true)]
    [InlineData("a\\b", true)]
    [InlineData("%2e%2e", true)]
    [InlineData("/etc/passwd", true)]
    [InlineData("C:x", true)]
    [InlineData("123.mp3", false)]
    [InlineData("live-202611210900_30.mp3", false)]
    public void Path_tricks_are_recognised(string name, bool tricky) => Assert.Equal(tricky, ArchiveNames.HasPathTricks(name));

    [Theory]
    [InlineData("123.mp3", true, 123)]
    [InlineData("0.aac", true, 0)]
    [InlineData("12a.mp3", false, -1)]
    [InlineData(".mp3", false, -1)]
    [InlineData("123.", false, -1)]
    [InlineData("123.mp3.x", false, -1)]
    public void Archive_segment_names_are_a_number_and_an_extension(string name, bool valid, long mediaSequence)
    {
        Assert.Equal(valid, ArchiveNames.TryParseSegment(name, out var parsed, out _));
        Assert.Equal(mediaSequence, parsed);
    }
}
