using Airwave.Channels.Ingest;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Airwave.TestFixtures;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class SegmentChunkingTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData("tone-128k-44100-stereo.mp3", false)]
    [InlineData("tone-64k-48000-stereo.aac", false)]
    [InlineData("video-320x180-h264-aac.ts", true)]
    public async Task Segments_become_the_chunks_their_feed_makes_and_a_break_marks_the_next_chunk_a_discontinuity(string fixture, bool isTs)
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path(fixture));
        var expected = new List<string>();
        using (IMediaFeed feed = isTs ? new TsChunkFeed(ChunkDuration, Collect) : new PackedAudioFeed(ChunkDuration, Collect))
        {
            feed.Write(bytes);
            feed.Break();
            feed.Write(bytes);
            feed.Complete();
        }

        var custody = new ChunkCustody();
        var flowing = 0;
        var chunks = await Source.From([new FetchedSegment(bytes, isTs, Break: false), new FetchedSegment(bytes, isTs, Break: true)])
            .Via(new SegmentChunking(ChunkDuration, custody, () => flowing++))
            .Select(chunk =>
            {
                custody.HandOver(chunk);
                return TsChunkingTests.Keep(chunk);
            })
            .RunWith(Sink.Seq<string>(), Sys.Materializer());

        Assert.Equal(expected, chunks);
        var breaks = chunks.Count(c => c.Contains(nameof(ChunkMarkers.Discontinuity), StringComparison.Ordinal));
        Assert.True(breaks >= 1, "the chunk after the break is a discontinuity");
        Assert.Equal(1, flowing);
        Assert.Equal(0, custody.ReleaseAll());

        void Collect(AssembledChunk chunk) => expected.Add(TsChunkingTests.Keep(chunk));
    }

    [Fact]
    public async Task A_packed_audio_segment_after_transport_stream_ones_fails_the_stage_as_not_media_and_releases_what_it_held()
    {
        var ts = await File.ReadAllBytesAsync(SharedFixtures.Path("video-320x180-h264-aac.ts"));
        var mp3 = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        var custody = new ChunkCustody();

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => Source.From([new FetchedSegment(ts, true, false), new FetchedSegment(mp3, false, false)])
            .Via(new SegmentChunking(ChunkDuration, custody, () => { }))
            .RunWith(Sink.Ignore<AssembledChunk>(), Sys.Materializer()));

        Assert.Equal(UpstreamFailureKind.NotMedia, failure.Kind);
        Assert.Contains("packed audio", failure.Message, StringComparison.Ordinal);
        custody.ReleaseAll();
        Assert.Equal(0, custody.Held);
    }
}
