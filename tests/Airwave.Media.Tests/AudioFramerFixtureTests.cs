using Airwave.Media.Framing;
using Airwave.Media.Mp3;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class AudioFramerFixtureTests
{
    // Frame counts cross-checked with `ffprobe -count_packets` (ffprobe leaves out the Info frame).
    // The 30 s tones carry encoder priming/padding, so their audio frames cover slightly more than 30 s.
    [Theory]
    [InlineData(Fixtures.Mp3Stereo128k, AudioFormat.Mp3, 1150, 1152, 44100, 2, 128000)]
    [InlineData(Fixtures.Mp3Mono32k, AudioFormat.Mp3, 1151, 576, 22050, 1, 32000)]
    [InlineData(Fixtures.Aac64k, AudioFormat.Aac, 1408, 1024, 48000, 2, 0)]
    public void Every_frame_of_a_fixture_is_found_with_its_parameters(
        string fixture, AudioFormat format, int audioFrames, int samplesPerFrame, int sampleRate, int channels, int cbrBitrate)
    {
        var data = Fixtures.Read(fixture);

        var stream = FramedStream.FeedWhole(data);

        var audio = stream.Frames.Where(f => f.InfoTag == Mp3InfoTagKind.None).ToList();
        Assert.Equal(audioFrames, audio.Count);
        Assert.All(stream.Frames, f =>
        {
            Assert.Equal(format, f.Format);
            Assert.Equal(sampleRate, f.SampleRate);
            Assert.Equal(channels, f.Channels);
            Assert.Equal(samplesPerFrame, f.Samples);
        });
        if (cbrBitrate > 0)
        {
            Assert.All(audio, f => Assert.Equal(cbrBitrate, f.Bitrate));
        }

        Assert.Equal(0, stream.Framer.SkippedBytes);
        Assert.Equal(data.Length, stream.Frames.Sum(f => f.Bytes.Length) + stream.Framer.TagBytes);
    }

    [Theory]
    [InlineData(Fixtures.Mp3Stereo128k)]
    [InlineData(Fixtures.Mp3Mono32k)]
    [InlineData(Fixtures.Aac64k)]
    public void Fixture_audio_lasts_thirty_seconds_plus_encoder_priming(string fixture)
    {
        var stream = FramedStream.FeedWhole(Fixtures.Read(fixture));
        var clock = default(SampleClock);
        foreach (var frame in stream.Frames.Where(f => f.InfoTag == Mp3InfoTagKind.None))
        {
            clock.Add(frame.Samples, frame.SampleRate);
        }

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30.1));
    }

    [Fact]
    public void Mp3_fixtures_start_with_an_id3_tag_and_an_info_frame()
    {
        var stream = FramedStream.FeedWhole(Fixtures.Read(Fixtures.Mp3Stereo128k));

        Assert.Equal(45, stream.Framer.TagBytes);
        Assert.Equal(Mp3InfoTagKind.Info, stream.Frames[0].InfoTag);
        Assert.Equal(45, stream.Frames[0].StreamOffset);
        Assert.Equal(462, stream.Frames[1].StreamOffset);
        Assert.Single(stream.Frames, f => f.InfoTag != Mp3InfoTagKind.None);
    }

    [Theory]
    [InlineData(Fixtures.Mp3Stereo128k, 1)]
    [InlineData(Fixtures.Mp3Mono32k, 2)]
    [InlineData(Fixtures.Aac64k, 3)]
    public void Feeding_random_chunk_sizes_yields_the_same_frames_as_feeding_whole(string fixture, int seed)
    {
        var data = Fixtures.Read(fixture);
        var whole = FramedStream.FeedWhole(data);
        var random = new Random(seed);

        foreach (var maxChunk in new[] { 1, 7, 1500, 9000 })
        {
            var chunked = FramedStream.FeedChunks(Segments.RandomChunks(data, random, maxChunk));

            Assert.Equal(whole.Frames.Count, chunked.Frames.Count);
            for (var i = 0; i < whole.Frames.Count; i++)
            {
                Assert.Equal(whole.Frames[i].StreamOffset, chunked.Frames[i].StreamOffset);
                Assert.Equal(whole.Frames[i].Bytes, chunked.Frames[i].Bytes);
            }
        }
    }

    [Fact]
    public void Reading_a_locked_frame_does_not_allocate()
    {
        var data = Fixtures.Read(Fixtures.Mp3Stereo128k);
        var framer = new AudioFramer();
        var buffer = new System.Buffers.ReadOnlySequence<byte>(data);
        Assert.Equal(AudioFramerStatus.Frame, framer.Read(ref buffer, false, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var frames = 0;
        while (framer.Read(ref buffer, false, out _) == AudioFramerStatus.Frame)
        {
            frames++;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1150, frames);
    }
}
