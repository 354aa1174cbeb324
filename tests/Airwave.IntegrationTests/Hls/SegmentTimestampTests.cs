using System.Buffers.Binary;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>
/// The ID3 PRIV timestamps of live packed-audio segments, as real ffmpeg reads them: each segment is stamped where the
/// previous one ended (RFC 8216 §3.4), so a reader's timestamps never go back at a segment join.
/// </summary>
public sealed class SegmentTimestampTests(TimestampNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TimestampNode>
{
    private const string NonMonotonicDts = "non monotonically increasing dts";
    private const int Id3TagSize = 73;
    private const int Mp3FrameSamples = 1152;
    private const int DemoSampleRate = 44100;
    private const long Wrap = 1L << 33;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(180);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Ffmpeg_reads_60_seconds_of_aac_hls_and_its_timestamps_never_go_back()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.AacStereo64, $"icecast://source:pw@127.0.0.1:{node.HttpPort}/radio-aac", "audio/aac", "adts", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("radio-aac", 8);
        var file = Path.Combine(node.RootDirectory, "timestamps.aac");

        var result = await FfmpegProcess.RecordAsync(node.Http("/radio-aac.m3u8"), 60, file, ReadTimeout);

        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
        Assert.DoesNotContain(NonMonotonicDts, result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var seconds = AdtsSeconds(await File.ReadAllBytesAsync(file), 48000);
        Assert.True(seconds is >= 59 and <= 61, $"ffmpeg recorded {seconds} s; it said: {result.Output}");
    }

    [Fact]
    public async Task Each_mp3_segment_of_the_demo_is_stamped_where_the_previous_one_ended_through_60_seconds_of_ffmpeg_reading()
    {
        await node.WaitForChannelAsync("demo", c => c.GetProperty("hlsSegments").GetInt32() >= 1, "a first HLS segment");
        var file = Path.Combine(node.RootDirectory, "timestamps.mp3");

        var result = await FfmpegProcess.RecordAsync(node.Http("/demo.m3u8"), 60, file, ReadTimeout);

        // ffmpeg 5.1 itself may report NonMonotonicDts for MP3 (not for AAC): its MP3 reader takes 1024-byte blocks, and
        // the ID3 timestamp of the next segment applies as soon as a block reaches into it, to the last frames of the
        // previous segment too. Which joins it hits depends only on the segments' byte lengths, so the server's part is
        // what this test pins: the timestamps themselves.
        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.DurationSeconds is >= 59 and <= 61, $"ffmpeg recorded {probe.DurationSeconds} s; it said: {result.Output}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var playlist = await http.GetStringAsync(node.Http("/demo/dvr.m3u8"));
        long? anchor = null;
        long samples = 0;
        var segments = 0;
        foreach (var line in playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line == "#EXT-X-DISCONTINUITY")
            {
                anchor = null;
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var bytes = await http.GetByteArrayAsync(node.Http(line));
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(Id3TagSize - 8, 8));
            var audio = bytes.AsSpan(Id3TagSize);
            Assert.True(Mp3Frames.AreWholeFrames(audio), $"{line} is not whole MP3 frames after its ID3 tag");
            if (anchor is { } first)
            {
                // Both the anchor and this timestamp are rounded down to a 90 kHz unit; nothing else may separate them.
                var expected = first + (samples * 90_000 / DemoSampleRate);
                var off = (((timestamp - expected) % Wrap) + Wrap + (Wrap / 2)) % Wrap - (Wrap / 2);
                Assert.True(Math.Abs(off) <= 2, $"{line} is stamped {timestamp}, but the audio before it ends at {expected % Wrap} (33-bit clock)");
            }
            else
            {
                anchor = timestamp;
                samples = 0;
            }

            samples += (long)Mp3Frames.Count(audio) * Mp3FrameSamples;
            segments++;
        }

        Assert.True(segments >= 10, $"only {segments} segments in the DVR playlist: {playlist}");
    }

    /// <summary>The audio in an ADTS file, from its frames (ffprobe only estimates an ADTS file's duration from its bitrate).</summary>
    private static double AdtsSeconds(byte[] adts, int sampleRate)
    {
        var frames = 0;
        for (var i = 0; i + 7 <= adts.Length; frames++)
        {
            Assert.True(adts[i] == 0xFF && (adts[i + 1] & 0xF0) == 0xF0, $"no ADTS frame at byte {i}");
            i += ((adts[i + 3] & 0x03) << 11) | (adts[i + 4] << 3) | (adts[i + 5] >> 5);
        }

        return frames * 1024.0 / sampleRate;
    }
}
