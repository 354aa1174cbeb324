using System.Buffers.Binary;
using Airwave.Media;
using Airwave.Media.Id3;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Xunit;

namespace Airwave.Streaming.Tests.Hls;

/// <summary>
/// The ID3 PRIV timestamp of a packed-audio segment (RFC 8216 §3.4) as a player uses it: the next segment's timestamp is
/// this one's plus the audio it decoded, so consecutive segments must continue exactly, whatever the sample rate.
/// </summary>
public sealed class SegmentTimestampTests
{
    private const long Wrap = 1L << 33;

    [Theory]
    [InlineData(AudioFormat.Mp3, 1152, 44100, 19)]
    [InlineData(AudioFormat.Mp3, 576, 22050, 20)]
    [InlineData(AudioFormat.Aac, 1024, 48000, 24)]
    [InlineData(AudioFormat.Aac, 1024, 44100, 22)]
    public async Task Each_segment_timestamp_is_the_previous_one_plus_its_samples_at_90_khz(AudioFormat format, int frameSamples, int sampleRate, int framesPerChunk)
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var samplesPerChunk = frameSamples * framesPerChunk;
        var samplesAt = new Dictionary<long, long>();
        var origin = SegmenterBench.Origin.AddTicks(1234567);
        var timeline = new ChunkTimeline(origin);
        var sent = 0L;
        var markers = ChunkMarkers.Discontinuity;
        for (var chunk = 0; sent < (long)sampleRate * 600; chunk++)
        {
            var (start, duration) = timeline.Advance(samplesPerChunk, sampleRate);
            samplesAt[start] = sent;
            await bench.AppendAsync(new DateTime(start, DateTimeKind.Utc), TimeSpan.FromTicks(duration), markers, format: format);
            markers = ChunkMarkers.None;
            sent += samplesPerChunk;
        }

        var segments = bench.Channel.Segments.All();
        Assert.True(segments.Count >= 90, $"only {segments.Count} segments");
        var originTicks = origin.Ticks - DateTime.UnixEpoch.Ticks;
        foreach (var segment in segments)
        {
            // Where the segment starts on the 90 kHz clock: the origin plus the samples before it, in one exact division.
            var exact = (long)(((Int128)originTicks * 9 * sampleRate + (Int128)samplesAt[segment.StartTicks] * 90_000_000) / (1000 * sampleRate));
            var timestamp = TimestampOf(bench, segment);
            Assert.True(
                Math.Abs(Since(exact % Wrap, timestamp)) <= 1,
                $"segment {segment.MediaSequence} ({format} at {sampleRate} Hz) is stamped {timestamp}, but the audio before it ends at {exact % Wrap}");
        }
    }

    private static long TimestampOf(SegmenterBench bench, HlsSegment segment)
    {
        var bytes = SegmentPayload.TryRead(bench.Channel.Buffer, segment, packedAudio: true) ?? throw new InvalidOperationException("segment left the buffer");
        Assert.Equal("ID3"u8.ToArray(), bytes[..3]);
        return BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(Id3TimestampTag.Size - 8, 8));
    }

    /// <summary>How far <paramref name="later"/> is after <paramref name="earlier"/> on the 33-bit clock, wrap included.</summary>
    private static long Since(long earlier, long later)
    {
        var difference = ((later - earlier) % Wrap + Wrap) % Wrap;
        return difference >= Wrap / 2 ? difference - Wrap : difference;
    }
}
