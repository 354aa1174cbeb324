using Airwave.Media.Icy;

namespace Airwave.Media.Tests;

public class IcyInterleaverTests
{
    [Fact]
    public void Audio_is_cut_exactly_at_every_metaint()
    {
        var interleaver = new IcyInterleaver(16000);
        var output = new List<string>();
        var random = new Random(7);
        var total = 0L;
        while (total < 100_000)
        {
            var available = random.Next(1, 9000);
            while (available > 0)
            {
                if (interleaver.IsMetadataDue)
                {
                    output.Add($"M@{interleaver.AudioBytesSent}");
                    interleaver.MetadataWritten();
                }

                var slice = interleaver.NextAudioSliceLength(available);
                interleaver.AudioWritten(slice);
                available -= slice;
                total += slice;
            }
        }

        Assert.Equal(Enumerable.Range(1, output.Count).Select(i => $"M@{i * 16000}"), output);
        Assert.Equal(total, interleaver.AudioBytesSent);
    }

    [Fact]
    public void Bytes_until_metadata_count_down_and_a_block_becomes_due()
    {
        var interleaver = new IcyInterleaver(100);

        Assert.Equal(100, interleaver.AudioBytesUntilMetadata);
        Assert.Equal(30, interleaver.NextAudioSliceLength(30));
        interleaver.AudioWritten(30);
        Assert.Equal(70, interleaver.NextAudioSliceLength(500));
        interleaver.AudioWritten(70);
        Assert.True(interleaver.IsMetadataDue);
        Assert.Equal(0, interleaver.NextAudioSliceLength(10));
        interleaver.MetadataWritten();
        Assert.False(interleaver.IsMetadataDue);
        Assert.Equal(100, interleaver.AudioBytesUntilMetadata);
    }

    [Fact]
    public void Writing_past_the_block_or_an_early_block_is_refused()
    {
        var interleaver = new IcyInterleaver(100);

        Assert.Throws<ArgumentOutOfRangeException>(() => interleaver.AudioWritten(101));
        Assert.Throws<InvalidOperationException>(interleaver.MetadataWritten);
    }

    [Theory]
    [InlineData(16000, 0, 16000)]
    [InlineData(16000, 1, 15999)]
    [InlineData(16000, 15999, 1)]
    [InlineData(16000, 16000, 16000)]
    [InlineData(16000, 40000, 8000)]
    public void Stateless_form_counts_to_the_next_boundary(int metaInt, long sent, int expected)
    {
        Assert.Equal(expected, IcyInterleaver.AudioBytesUntilNextBlock(metaInt, sent));
    }
}
