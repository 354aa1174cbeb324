using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Airwave.Channels.Ingest;

/// <summary>
/// The stage that turns an HLS upstream's segments into chunks, one feed per materialization: MPEG-TS cut at random
/// access points (<see cref="TsChunkFeed"/>) or packed audio framed (<see cref="PackedAudioFeed"/>), whichever the first
/// segment is. A break before a segment marks the next chunk as a discontinuity; a segment of the other kind fails the stage.
/// </summary>
public sealed class SegmentChunking : GraphStage<FlowShape<FetchedSegment, AssembledChunk>>
{
    private readonly TimeSpan chunkDuration;
    private readonly ChunkCustody custody;
    private readonly Action onFirstChunk;

    /// <param name="chunkDuration">About how much of the stream goes into one chunk.</param>
    /// <param name="custody">Holds the chunks until the channel has them.</param>
    /// <param name="onFirstChunk">Called once, when the first chunk goes out.</param>
    public SegmentChunking(TimeSpan chunkDuration, ChunkCustody custody, Action onFirstChunk)
    {
        this.chunkDuration = chunkDuration;
        this.custody = custody;
        this.onFirstChunk = onFirstChunk;
        Shape = new FlowShape<FetchedSegment, AssembledChunk>(In, Out);
    }

    public Inlet<FetchedSegment> In { get; } = new("SegmentChunking.in");

    public Outlet<AssembledChunk> Out { get; } = new("SegmentChunking.out");

    public override FlowShape<FetchedSegment, AssembledChunk> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("segment-chunking");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    /// <remarks>Disposable for the feed's pooled buffers; <see cref="PostStop"/> disposes it.</remarks>
    private sealed class Logic(SegmentChunking stage) : ChunkingLogic<FetchedSegment>(stage.Shape, stage.custody, stage.onFirstChunk), IDisposable
    {
        private IMediaFeed? feed;
        private bool isTs;

        public override void PostStop() => Dispose();

        public void Dispose() => feed?.Dispose();

        protected override bool Write(FetchedSegment element)
        {
            if (feed is null)
            {
                isTs = element.IsTs;
                feed = isTs ? new TsChunkFeed(stage.chunkDuration, Finished) : new PackedAudioFeed(stage.chunkDuration, Finished);
            }
            else if (element.IsTs != isTs)
            {
                FailStage(new UpstreamException(UpstreamFailureKind.NotMedia, "the segments changed between MPEG-TS and packed audio"));
                return false;
            }

            if (element.Break)
            {
                feed.Break();
            }

            feed.Write(element.Bytes);
            return true;
        }

        protected override void Flush() => feed?.Complete();
    }
}
