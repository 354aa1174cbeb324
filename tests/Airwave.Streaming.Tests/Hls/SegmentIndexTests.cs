using Airwave.Media;
using Airwave.Streaming.Hls;
using Xunit;

namespace Airwave.Streaming.Tests.Hls;

public sealed class SegmentIndexTests
{
    [Theory]
    [InlineData(-1L, new long[] { 10, 11, 12, 14 })]
    [InlineData(10L, new long[] { 11, 12, 14 })]
    [InlineData(13L, new long[] { 14 })]
    [InlineData(14L, new long[0])]
    public void After_lists_the_segments_numbered_after_the_given_one(long mediaSequence, long[] expected)
    {
        var index = new SegmentIndex();
        foreach (var media in new long[] { 10, 11, 12, 14 })
        {
            index.Add(new HlsSegment("live", media, 0, media * 10, (media * 10) + 9, media, 1, 1, false, AudioFormat.Mp3));
        }

        Assert.Equal(expected, index.After(mediaSequence).Select(s => s.MediaSequence));
    }
}
