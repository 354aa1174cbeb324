using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Airwave.Channels.Ingest;

/// <summary>The stage that cuts a continuous MPEG-TS stream into chunks at random access points (<see cref="TsChunkFeed"/>), one feed per materialization.</summary>
/// <remarks>A stream with no aligned packet in its first MiB fails the stage as not media.</remarks>
public sealed class TsChunking : GraphStage<FlowShape<ByteString, AssembledChunk>>
{
    private const long MaxUnalignedBytes = 1024 * 1024;
    private readonly TimeSpan chunkDuration;
    private readonly ChunkCustody custody;
    private readonly Action onFirstChunk;

    /// <param name="chunkDuration">About how much of the stream goes into one chunk.</param>
    /// <param name="custody">Holds the chunks until the channel has them.</param>
    /// <param name="onFirstChunk">Called once, when the stream proved to be media.</param>
    public TsChunking(TimeSpan chunkDuration, ChunkCustody custody, Action onFirstChunk)
    {
        this.chunkDuration = chunkDuration;
        this.custody = custody;
        this.onFirstChunk = onFirstChunk;
        Shape = new FlowShape<ByteString, AssembledChunk>(In, Out);
    }

    public Inlet<ByteString> In { get; } = new("TsChunking.in");

    public Outlet<AssembledChunk> Out { get; } = new("TsChunking.out");

    public override FlowShape<ByteString, AssembledChunk> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("ts-chunking");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    /// <remarks>Disposable for the feed's pooled buffers; the stage's end of life is <see cref="PostStop"/>, which disposes it.</remarks>
    private sealed class Logic : ChunkingLogic<ByteString>, IDisposable
    {
        private readonly TsChunkFeed feed;

        public Logic(TsChunking stage)
            : base(stage.Shape, stage.custody, stage.onFirstChunk)
        {
            feed = new TsChunkFeed(stage.chunkDuration, Finished);
        }

        public override void PostStop() => Dispose();

        public void Dispose() => feed.Dispose();

        protected override bool Write(ByteString element)
        {
            feed.Write(element.ToReadOnlySpan());
            if (feed.Packets == 0 && feed.SkippedBytes > MaxUnalignedBytes)
            {
                FailStage(new UpstreamException(UpstreamFailureKind.NotMedia, "no MPEG-TS packets in the first MiB"));
                return false;
            }

            return true;
        }

        protected override void Flush() => feed.Complete();
    }
}
