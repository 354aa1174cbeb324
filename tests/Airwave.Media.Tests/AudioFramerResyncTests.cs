using Airwave.Media.Framing;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class AudioFramerResyncTests
{
    private static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Garbage_prefix_is_skipped_and_counted()
    {
        var garbage = Garbage(1000, 1);
        var audio = SyntheticFrames.Mp3Stream(10);

        var stream = FramedStream.FeedWhole([.. garbage, .. audio]);

        Assert.Equal(10, stream.Frames.Count);
        Assert.Equal(1000, stream.Frames[0].StreamOffset);
        Assert.Equal(1000, stream.Framer.SkippedBytes);
    }

    [Fact]
    public void Garbage_in_the_middle_loses_sync_once_and_relocks()
    {
        var first = SyntheticFrames.Mp3Stream(5);
        var second = SyntheticFrames.Mp3Stream(6);

        var stream = FramedStream.FeedWhole([.. first, .. Garbage(333, 2), .. second]);

        Assert.Equal(11, stream.Frames.Count);
        Assert.Equal(333, stream.Framer.SkippedBytes);
        Assert.Equal(1, stream.Framer.SyncLosses);
        Assert.Equal(first.Length + 333, stream.Frames[5].StreamOffset);
    }

    [Fact]
    public void Truncated_last_frame_is_not_emitted_until_complete()
    {
        var audio = SyntheticFrames.AdtsStream(8);
        var cut = audio.Length - 50;
        var stream = new FramedStream();

        stream.Feed(audio[..cut]);
        Assert.Equal(7, stream.Frames.Count);

        stream.Feed(audio[cut..]);
        stream.Complete();
        Assert.Equal(8, stream.Frames.Count);
    }

    [Fact]
    public void Truncated_last_frame_is_dropped_as_skipped_when_the_stream_ends()
    {
        var audio = SyntheticFrames.AdtsStream(8);

        var stream = FramedStream.FeedWhole(audio[..^50]);

        Assert.Equal(7, stream.Frames.Count);
        Assert.Equal(audio.Length - 50 - stream.Frames.Sum(f => f.Bytes.Length), stream.Framer.SkippedBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Id3v2_at_the_start_is_skipped(bool footer)
    {
        var tag = SyntheticFrames.Id3v2(5000, footer);

        var stream = FramedStream.FeedWhole([.. tag, .. SyntheticFrames.Mp3Stream(4)]);

        Assert.Equal(4, stream.Frames.Count);
        Assert.Equal(tag.Length, stream.Framer.TagBytes);
        Assert.Equal(0, stream.Framer.SkippedBytes);
    }

    [Fact]
    public void Id3v2_in_the_middle_is_skipped_without_losing_sync()
    {
        var tag = SyntheticFrames.Id3v2(700, footer: true);

        var stream = FramedStream.FeedWhole([.. SyntheticFrames.AdtsStream(4), .. tag, .. SyntheticFrames.AdtsStream(4)]);

        Assert.Equal(8, stream.Frames.Count);
        Assert.Equal(tag.Length, stream.Framer.TagBytes);
        Assert.Equal(0, stream.Framer.SyncLosses);
    }

    [Fact]
    public void Id3v1_tag_between_files_is_skipped()
    {
        byte[] tag = [.. "TAG"u8, .. new byte[125]];

        var stream = FramedStream.FeedWhole([.. SyntheticFrames.Mp3Stream(3), .. tag, .. SyntheticFrames.Mp3Stream(3)]);

        Assert.Equal(6, stream.Frames.Count);
        Assert.Equal(128, stream.Framer.TagBytes);
    }

    [Fact]
    public void A_lone_valid_header_in_garbage_does_not_lock()
    {
        var fake = SyntheticFrames.Mp3();
        byte[] data = [.. Garbage(100, 3), .. fake, .. Garbage(2000, 4), .. SyntheticFrames.Mp3Stream(3)];
        for (var i = 100 + fake.Length; i < data.Length - (3 * 418); i++)
        {
            if (data[i] == 0xFF)
            {
                data[i] = 0;
            }
        }

        var stream = FramedStream.FeedWhole(data);

        Assert.Equal(3, stream.Frames.Count);
        Assert.Equal(data.Length - SyntheticFrames.Mp3Stream(3).Length, stream.Frames[0].StreamOffset);
    }

    [Fact]
    public void Parameters_changing_mid_stream_break_the_lock()
    {
        var stream = FramedStream.FeedWhole([.. SyntheticFrames.Mp3Stream(4), .. SyntheticFrames.AdtsStream(4)]);

        Assert.Equal(8, stream.Frames.Count);
        Assert.Equal(AudioFormat.Aac, stream.Frames[^1].Format);
        Assert.Equal(AudioFormat.Aac, stream.Framer.Format);
        Assert.Equal(1, stream.Framer.SyncLosses);
    }

    [Fact]
    public void Expected_format_ignores_the_other_format()
    {
        var stream = FramedStream.FeedWhole(SyntheticFrames.AdtsStream(20), new AudioFramerOptions { ExpectedFormat = AudioFormat.Mp3 });

        Assert.Empty(stream.Frames);
        Assert.True(stream.Framer.IsNotAudio);
    }

    [Fact]
    public void A_stream_shorter_than_the_lock_requirement_is_still_emitted_when_it_ends_cleanly()
    {
        var stream = FramedStream.FeedWhole(SyntheticFrames.Mp3Stream(2));

        Assert.Equal(2, stream.Frames.Count);
    }

    [Fact]
    public void Reset_forgets_the_previous_stream()
    {
        var stream = FramedStream.FeedWhole([.. Garbage(10, 5), .. SyntheticFrames.Mp3Stream(3)]);

        stream.Framer.Reset();

        Assert.False(stream.Framer.IsLocked);
        Assert.Equal(AudioFormat.Unknown, stream.Framer.Format);
        Assert.Equal(0, stream.Framer.SkippedBytes);
        Assert.Equal(0, stream.Framer.Position);
    }

    [Fact]
    public void A_false_header_claiming_a_long_frame_does_not_swallow_the_end_of_a_completed_stream()
    {
        byte[] falseHeader = [0xFF, 0xF1, 0x4C, 0x80, 0xFF, 0xFF, 0xFC];

        var stream = FramedStream.FeedWhole([.. falseHeader, .. SyntheticFrames.AdtsStream(5)]);

        Assert.Equal(5, stream.Frames.Count);
        Assert.Equal(7, stream.Framer.SkippedBytes);
    }
}
