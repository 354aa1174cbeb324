using Airwave.Media;
using Airwave.Streaming.Chunks;
using Xunit;

namespace Airwave.Streaming.Tests.Chunks;

public sealed class ChunkHeaderTests
{
    [Fact]
    public void End_is_start_plus_duration_in_utc()
    {
        var start = new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);
        var header = new ChunkHeader(1, start.Ticks, TimeSpan.FromSeconds(2).Ticks, ChunkMarkers.RandomAccess, 4, 16_000, AudioFormat.Mp3);

        Assert.Equal(start, header.StartUtc);
        Assert.Equal(start.AddSeconds(2), header.EndUtc);
        Assert.Equal(DateTimeKind.Utc, header.EndUtc.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), header.Duration);
    }

    [Theory]
    [InlineData(-1, 0, 0, 0)]
    [InlineData(0, -1, 0, 0)]
    [InlineData(0, 0, -1, 0)]
    [InlineData(0, 0, 0, -1)]
    public void Negative_fields_are_rejected(long seq, long start, long duration, int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkHeader(seq, start, duration, ChunkMarkers.None, 0, length, AudioFormat.Mp3));

    [Fact]
    public void An_end_beyond_the_last_representable_time_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkHeader(0, DateTime.MaxValue.Ticks, 1, ChunkMarkers.None, 0, 0, AudioFormat.Mp3));
}
