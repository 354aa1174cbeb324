using Airwave.Hocon.Values;

namespace Airwave.Hocon.Tests;

public class DurationAndSizeTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5d", 129_600_000)]
    [InlineData("1 second", 1_000)]
    [InlineData("3 minutes", 180_000)]
    [InlineData("0", 0)]
    [InlineData("0.5s", 500)]
    [InlineData(" 2 hours ", 7_200_000)]
    [InlineData("1000us", 1)]
    [InlineData("1000000ns", 1)]
    public void Durations_parse_with_units(string text, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), HoconDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("15 parsecs")]
    [InlineData("1.2.3s")]
    [InlineData("s")]
    [InlineData("99999999999999999999d")]
    public void Bad_durations_throw_format_errors_naming_the_text(string text)
    {
        var error = Assert.Throws<FormatException>(() => HoconDuration.Parse(text));
        Assert.Contains($"\"{text}\" is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10", "write 10s or 10ms")]
    [InlineData("250", "write 250s or 250ms")]
    [InlineData("1.5", "write 1.5s or 1.5ms")]
    public void Bare_numbers_are_not_durations_and_the_error_suggests_units(string text, string suggestion)
    {
        var error = Assert.Throws<FormatException>(() => HoconDuration.Parse(text));
        Assert.Contains($"\"{text}\" is not a duration: a duration needs a unit: {suggestion}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000, "1s")]
    [InlineData(250, "250ms")]
    [InlineData(7_200_000, "2h")]
    [InlineData(90_000, "90s")]
    [InlineData(0, "0s")]
    public void Durations_format_in_the_largest_exact_unit(long milliseconds, string text) =>
        Assert.Equal(text, HoconDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("64KiB", 65_536)]
    [InlineData("200MB", 200_000_000)]
    [InlineData("1.5GiB", 1_610_612_736)]
    [InlineData("512k", 524_288)]
    [InlineData("512K", 524_288)]
    [InlineData("1000", 1000)]
    [InlineData("10 bytes", 10)]
    [InlineData("3kB", 3000)]
    [InlineData("2 mebibytes", 2_097_152)]
    [InlineData("1TB", 1_000_000_000_000)]
    [InlineData("1m", 1_048_576)]
    public void Sizes_parse_binary_and_decimal_units(string text, long bytes)
    {
        Assert.Equal(bytes, HoconByteSize.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1KiB")]
    [InlineData("64 furlongs")]
    [InlineData("big")]
    [InlineData("100000EiB")]
    public void Bad_sizes_throw_format_errors_naming_the_text(string text)
    {
        var error = Assert.Throws<FormatException>(() => HoconByteSize.Parse(text));
        Assert.Contains($"\"{text}\" is not a size in bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_reports_failure_without_throwing()
    {
        Assert.False(HoconDuration.TryParse("nope", out _));
        Assert.False(HoconByteSize.TryParse(null, out _));
        Assert.True(HoconByteSize.TryParse("1KiB", out var bytes));
        Assert.Equal(1024, bytes);
    }
}
