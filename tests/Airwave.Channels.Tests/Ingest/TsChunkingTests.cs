using Airwave.Channels.Ingest;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Airwave.TestFixtures;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class TsChunkingTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    public async Task A_transport_stream_cut_anywhere_becomes_the_chunks_the_feed_makes_of_it_whole(int seed)
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("video-320x180-h264-aac.ts"));
        var expected = new List<string>();
        using (var feed = new TsChunkFeed(ChunkDuration, chunk => expected.Add(Keep(chunk))))
        {
            feed.Write(bytes);
            feed.Complete();
        }

        var custody = new ChunkCustody();
        var flowing = 0;
        var chunks = await Source.From(IngestFlowTests.Cut(bytes, seed))
            .Via(new TsChunking(ChunkDuration, custody, () => flowing++))
            .Select(chunk =>
            {
                custody.HandOver(chunk);
                return Keep(chunk);
            })
            .RunWith(Sink.Seq<string>(), Sys.Materializer());

        Assert.True(expected.Count > 2);
        Assert.Equal(expected, chunks);
        Assert.Equal(1, flowing);
        Assert.Equal(0, custody.ReleaseAll());
    }

    [Fact]
    public async Task A_stream_without_transport_packets_fails_as_not_media_and_releases_nothing_twice()
    {
        var noise = Enumerable.Range(0, 1_200_000).Select(i => (byte)(i * 31 % 71)).ToArray();
        var custody = new ChunkCustody();

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => Source.From(IngestFlowTests.Cut(noise, 2))
            .Via(new TsChunking(ChunkDuration, custody, () => { }))
            .RunWith(Sink.Ignore<AssembledChunk>(), Sys.Materializer()));

        Assert.Equal(UpstreamFailureKind.NotMedia, failure.Kind);
        Assert.Equal(0, custody.ReleaseAll());
    }

    internal static string Keep(AssembledChunk chunk)
    {
        var kept = $"{chunk.Samples}/{chunk.SampleRate} {chunk.Markers} {chunk.Bitrate} {Convert.ToHexString(chunk.Payload)}";
        chunk.Release();
        return kept;
    }
}
