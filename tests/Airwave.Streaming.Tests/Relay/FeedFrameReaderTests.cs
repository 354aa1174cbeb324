using System.Buffers;
using Airwave.Streaming.Relay;
using Xunit;

namespace Airwave.Streaming.Tests.Relay;

public sealed class FeedFrameReaderTests
{
    [Theory]
    [InlineData(9, 0)]
    [InlineData((int)FeedFrameType.Chunk, FeedFrames.ChunkHeaderSize - 1)]
    [InlineData((int)FeedFrameType.Segment, FeedFrames.SegmentSize - 1)]
    [InlineData((int)FeedFrameType.Live, 1)]
    [InlineData((int)FeedFrameType.Chunk, FeedFrames.MaxBodyLength + 1)]
    [InlineData((int)FeedFrameType.State, -5)]
    public void A_frame_no_writer_can_produce_is_refused_with_a_reason(int type, int length)
    {
        var bytes = new byte[FeedFrames.FrameHeaderSize];
        FeedFrames.WriteFrameHeader(bytes, (FeedFrameType)type, length);
        var buffer = new ReadOnlySequence<byte>(bytes);

        var error = Assert.Throws<InvalidDataException>(() => FeedFrameReader.TryRead(ref buffer, out _, out _));
        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_frame_waits_for_more_bytes_and_a_whole_one_is_taken_off()
    {
        var bytes = new byte[FeedFrames.FrameHeaderSize * 2];
        FeedFrames.WriteFrameHeader(bytes, FeedFrameType.Heartbeat, 0);
        FeedFrames.WriteFrameHeader(bytes.AsSpan(FeedFrames.FrameHeaderSize), FeedFrameType.Live, 0);
        var partial = new ReadOnlySequence<byte>(bytes, 0, 3);
        Assert.False(FeedFrameReader.TryRead(ref partial, out _, out _));

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(FeedFrameReader.TryRead(ref whole, out var first, out _));
        Assert.True(FeedFrameReader.TryRead(ref whole, out var second, out _));
        Assert.Equal((FeedFrameType.Heartbeat, FeedFrameType.Live, 0L), (first, second, whole.Length));
    }

    [Fact]
    public void Random_bytes_are_refused_or_wait_but_never_throw_anything_else()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (FeedFrameReader.TryRead(ref buffer, out _, out _))
                {
                }
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
