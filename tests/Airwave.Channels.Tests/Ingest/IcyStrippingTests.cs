using System.Text;
using Airwave.Channels.Ingest;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class IcyStrippingTests : Akka.TestKit.Xunit2.TestKit
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Metadata_blocks_cut_anywhere_become_titles_and_only_the_audio_goes_on(int seed)
    {
        const int metaInt = 1000;
        var audio = Enumerable.Range(0, 5500).Select(i => (byte)(i % 251)).ToArray();
        var stream = new List<byte>();
        var titles = new[] { "First Song", "", "Second Song", "Third Song", "" };

        // A block follows every metaInt audio bytes; the stream ends 500 bytes into the sixth interval.
        for (var block = 0; block < 5; block++)
        {
            stream.AddRange(audio.Skip(block * metaInt).Take(metaInt));
            stream.AddRange(MetadataBlock(titles[block]));
        }

        stream.AddRange(audio.Skip(5 * metaInt));

        var seen = new List<string>();
        var stripped = await Source.From(IngestFlowTests.Cut([.. stream], seed))
            .Via(new IcyStripping(metaInt, fields => seen.Add(fields["StreamTitle"])))
            .RunAggregate(ByteString.Empty, (all, piece) => all.Concat(piece), Sys.Materializer());

        Assert.Equal(audio, stripped.ToArray());
        Assert.Equal(titles.Where(t => t.Length > 0), seen);
    }

    /// <summary>One length byte, then <c>StreamTitle='…';</c> padded with NULs to 16-byte units; a lone zero byte for no title.</summary>
    private static byte[] MetadataBlock(string title)
    {
        if (title.Length == 0)
        {
            return [0];
        }

        var text = Encoding.UTF8.GetBytes($"StreamTitle='{title}';");
        var units = (text.Length + 15) / 16;
        var block = new byte[1 + (units * 16)];
        block[0] = (byte)units;
        text.CopyTo(block, 1);
        return block;
    }
}
