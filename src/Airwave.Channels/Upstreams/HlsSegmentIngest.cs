using Airwave.Channels.Ingest;
using Airwave.Media;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Airwave.Channels.Upstreams;

/// <summary>
/// The ingest graph of one HLS pull attempt: segments offered by the playlist loop → <see cref="SegmentChunking"/> → the
/// buffer toward the channel (<see cref="IngestFlow.ChannelBufferChunks"/>, backpressured) → the channel, one chunk in
/// flight (<see cref="ChannelActorSink"/>).
/// </summary>
/// <remarks>
/// <see cref="OfferAsync"/> returns once the graph took the segment, so a channel slower than the upstream holds the
/// playlist loop back (one segment waits at the head) instead of filling the channel's mailbox.
/// </remarks>
public sealed class HlsSegmentIngest : IAsyncDisposable
{
    /// <summary>How long the end of a run waits for the chunks already in the graph to reach the channel.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ISourceQueueWithComplete<FetchedSegment> queue;
    private readonly IKillSwitch stop;
    private readonly Task appended;
    private readonly ChunkCustody custody;

    private HlsSegmentIngest(ISourceQueueWithComplete<FetchedSegment> queue, IKillSwitch stop, Task appended, ChunkCustody custody, bool isTs)
    {
        this.queue = queue;
        this.stop = stop;
        this.appended = appended;
        this.custody = custody;
        IsTs = isTs;
    }

    /// <summary>The kind of segment this run takes (MPEG-TS or packed audio).</summary>
    public bool IsTs { get; }

    /// <summary>Attaches the attempt as the channel's source and starts the graph for segments of one kind.</summary>
    /// <exception cref="UpstreamException">The channel refused the upstream.</exception>
    public static async Task<HlsSegmentIngest> StartAsync(PullContext context, bool isTs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var userAgent = context.Upstream.UserAgent.Length > 0 ? context.Upstream.UserAgent : UpstreamHttp.DefaultUserAgent;
        var format = isTs ? AudioFormat.MpegTs : AudioFormat.Unknown;
        await context.AttachAsync(new SourceDescriptor(context.SourceId, context.Upstream.Url, format, userAgent), cancellationToken).ConfigureAwait(false);
        var custody = new ChunkCustody();
        var ((queue, stop), appended) = Source.Queue<FetchedSegment>(1, OverflowStrategy.Backpressure)
            .ViaMaterialized(KillSwitches.Single<FetchedSegment>(), Keep.Both)
            .Via(new SegmentChunking(context.Channel.Settings.ChunkDuration, custody, context.MediaFlows))
            .Buffer(IngestFlow.ChannelBufferChunks, OverflowStrategy.Backpressure)
            .ToMaterialized(Sink.FromGraph(new ChannelActorSink(context.ChannelActor, context.SourceId, custody)), Keep.Both)
            .Run(context.Materializer);
        return new HlsSegmentIngest(queue, stop, appended, custody, isTs);
    }

    /// <summary>Hands a segment to the graph, waiting while the channel is behind.</summary>
    /// <exception cref="UpstreamException">The graph ended: the channel stopped, or the segment's kind changed.</exception>
    public async Task OfferAsync(FetchedSegment segment, CancellationToken cancellationToken)
    {
        var result = await queue.OfferAsync(segment, cancellationToken).ConfigureAwait(false);
        if (result is QueueOfferResult.Enqueued)
        {
            return;
        }

        // The queue closes as the graph goes down; the graph's own end says why, a moment later.
        try
        {
            await appended.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        throw new UpstreamException(UpstreamFailureKind.Failed, "the channel stopped taking segments");
    }

    /// <summary>Ends the run: what the graph holds is chunked and appended (for at most <see cref="DrainTimeout"/>), then it stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Complete();
        try
        {
            await appended.WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or UpstreamException or OperationCanceledException)
        {
            // Why the run ended is reported by the playlist loop; a graph that did not drain in time is stopped below.
        }
        finally
        {
            stop.Shutdown();
            custody.ReleaseAll();
        }
    }
}
