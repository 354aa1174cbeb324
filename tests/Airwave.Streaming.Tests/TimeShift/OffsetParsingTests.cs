using Airwave.Streaming.TimeShift;
using Xunit;

namespace Airwave.Streaming.Tests.TimeShift;

public sealed class OffsetParsingTests
{
    private static readonly DateTimeOffset Now = Berlin.Utc(11, 21, 10, 0);

    [Theory]
    [InlineData("300", 300)]
    [InlineData(" 300 ", 300)]
    [InlineData("90s", 90)]
    [InlineData("90sec", 90)]
    [InlineData("5m", 300)]
    [InlineData("5min", 300)]
    [InlineData("2h", 7200)]
    [InlineData("14400", 14400)]
    public void Offset_is_seconds_behind_live_with_optional_unit(string value, int seconds)
    {
        var target = TimeShiftParser.ParseOffset(value, Now);

        Assert.Equal(TimeShiftKind.At, target.Kind);
        Assert.Equal(Now.AddSeconds(-seconds), target.Instant);
        Assert.Equal(TimeSpan.Zero, target.Instant.Offset);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0m")]
    public void Zero_offset_means_live(string value) =>
        Assert.Equal(TimeShiftKind.Live, TimeShiftParser.ParseOffset(value, Now).Kind);

    [Theory]
    [InlineData(null, "whole number of seconds")]
    [InlineData("", "whole number of seconds")]
    [InlineData("-5", "must not be negative")]
    [InlineData("abc", "whole number of seconds")]
    [InlineData("5x", "whole number of seconds")]
    [InlineData("1.5", "whole number of seconds")]
    [InlineData("5 m", "whole number of seconds")]
    [InlineData("m", "whole number of seconds")]
    [InlineData("99999999999999999999", "too large")]
    [InlineData("9000h", "too large")]
    public void Garbage_offsets_are_rejected_with_a_reason(string? value, string reason)
    {
        var target = TimeShiftParser.ParseOffset(value, Now);

        Assert.Equal(TimeShiftKind.Invalid, target.Kind);
        Assert.Contains(reason, target.Error, StringComparison.Ordinal);
    }
}
