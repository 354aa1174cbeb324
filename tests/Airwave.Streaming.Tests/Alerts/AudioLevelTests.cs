using Airwave.Media.Mp3;
using Airwave.Streaming.Alerts;
using Airwave.Streaming.Fixtures;
using NLayer;
using Xunit;

namespace Airwave.Streaming.Tests.Alerts;

public class AudioLevelTests
{
    /// <summary>The frames the level is taken over: the first of six only fills the bit reservoir.</summary>
    private const int MeasuredFrames = 5;

    public static TheoryData<string, int> Chunks => new()
    {
        { "tone-128k-44100-stereo.mp3", 0 },
        { "tone-128k-44100-stereo.mp3", 7 },
        { "tone-128k-44100-stereo.mp3", 40 },
        { "tone-32k-22050-mono.mp3", 0 },
        { "tone-32k-22050-mono.mp3", 23 },
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Measures_a_chunk_as_a_new_NLayer_file_reader_of_it_does(string fixture, int firstFrame)
    {
        var chunk = Chunk(fixture, firstFrame, 19);

        var level = new AudioLevel().RmsDbfs(chunk);

        Assert.NotNull(level);
        Assert.InRange(level.Value, ReferenceDbfs(chunk) - 0.01, ReferenceDbfs(chunk) + 0.01);
        Assert.True(level > AudioLevel.SilenceDbfs, $"the tone measured {level} dBFS");
    }

    [Fact]
    public void Frames_of_digital_zero_are_silence()
    {
        var level = new AudioLevel().RmsDbfs(SilentFrames(19));

        Assert.Equal(double.NegativeInfinity, level);
    }

    [Fact]
    public void One_meter_measures_each_chunk_afresh_whatever_it_measured_before()
    {
        var meter = new AudioLevel();
        var tone = Chunk("tone-128k-44100-stereo.mp3", 7, 19);
        var mono = Chunk("tone-32k-22050-mono.mp3", 23, 19);
        var alone = new AudioLevel().RmsDbfs(tone);

        Assert.Equal(alone, meter.RmsDbfs(tone));
        Assert.Equal(double.NegativeInfinity, meter.RmsDbfs(SilentFrames(19)));
        Assert.Equal(new AudioLevel().RmsDbfs(mono), meter.RmsDbfs(mono));
        Assert.Equal(alone, meter.RmsDbfs(tone));
    }

    [Fact]
    public void Bytes_before_the_first_frame_are_skipped_to_its_sync()
    {
        var chunk = Chunk("tone-128k-44100-stereo.mp3", 7, 19);
        byte[] prefixed = [0xFF, 0x00, 0x12, .. "ICY"u8, .. chunk];

        Assert.Equal(new AudioLevel().RmsDbfs(chunk), new AudioLevel().RmsDbfs(prefixed));
    }

    [Fact]
    public void What_is_not_MPEG_audio_has_no_level()
    {
        var meter = new AudioLevel();

        Assert.Null(meter.RmsDbfs("<html><body>not audio</body></html>"u8));
        Assert.Null(meter.RmsDbfs([]));
        Assert.Null(meter.RmsDbfs(Chunk("tone-128k-44100-stereo.mp3", 7, 1)));
    }

    [Fact]
    public void Measuring_again_makes_only_the_buffers_the_decoder_makes_anew_after_a_reset()
    {
        var meter = new AudioLevel();
        var chunk = Chunk("tone-128k-44100-stereo.mp3", 7, 19);
        meter.RmsDbfs(chunk);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            meter.RmsDbfs(chunk);
        }

        // The overlap of two 576-sample blocks and a 1,024-sample synthesis buffer per channel, in floats: 17 KB for stereo.
        // A new NLayer file reader per chunk made 140 KB.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 20, 0, 18 * 1024);
    }

    /// <summary><paramref name="count"/> whole audio frames of a fixture from <paramref name="first"/> on, as the framer cuts them into chunks.</summary>
    private static byte[] Chunk(string fixture, int first, int count) =>
        [.. Mp3Chunks.FramesOf(fixture).Skip(first).Take(count).SelectMany(f => f)];

    /// <summary>
    /// The level NLayer's own file reader gives, one frame of samples at a time: a new reader per chunk is how the meter
    /// measured before it kept one decoder.
    /// </summary>
    private static double ReferenceDbfs(byte[] chunk)
    {
        Assert.Equal(Mp3HeaderError.None, Mp3FrameHeader.Parse(chunk, out var header));
        using var file = new MpegFile(new MemoryStream(chunk, writable: false));
        var frame = new float[header.SamplesPerFrame * header.Channels];
        file.ReadSamples(frame, 0, frame.Length);
        var sum = 0.0;
        for (var i = 0; i < MeasuredFrames; i++)
        {
            Assert.Equal(frame.Length, file.ReadSamples(frame, 0, frame.Length));
            sum += frame.Sum(s => s * (double)s);
        }

        return 20 * Math.Log10(Math.Sqrt(sum / (MeasuredFrames * frame.Length)));
    }

    /// <summary>
    /// MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, joint stereo) whose side information and main data are all zero: no
    /// bits for any sample, so they decode to digital zero, as a muted encoder's output does.
    /// </summary>
    private static byte[] SilentFrames(int count)
    {
        byte[] header = [0xFF, 0xFB, 0x90, 0x44];
        Assert.Equal(Mp3HeaderError.None, Mp3FrameHeader.Parse(header, out var parsed));
        var frame = new byte[parsed.FrameLength];
        header.CopyTo(frame, 0);
        return [.. Enumerable.Repeat(frame, count).SelectMany(f => f)];
    }
}
