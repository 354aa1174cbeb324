using System.IO.Pipelines;
using Airwave.Channels.Ingest;
using Airwave.Media;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Airwave.Channels.Upstreams;

/// <summary>Pulls a continuous MPEG-TS stream over HTTP, cut at random access points into chunks served as <c>video/mp2t</c>.</summary>
/// <remarks>One ingest graph from the response body through <see cref="TsChunking"/> and the buffer toward the channel (<see cref="IngestFlow.ChannelBufferChunks"/>, backpressured) to the channel.</remarks>
public static class TsPull
{
    /// <summary>Pulls until the upstream ends, stalls or proves not to be a transport stream.</summary>
    /// <exception cref="UpstreamException">Always, unless cancelled.</exception>
    public static async Task RunAsync(PullContext context, HttpResponseMessage response, PipeReader body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        // A read of 8 KiB or more goes on at once, so a transport stream of a few Mbit/s is read continuously: its pending read
        // then waits for 8 KiB rather than for each packet.
        await using var mark = ReceiveMark.Hold(UpstreamHttp.SocketOf(response), 8 * 1024, context.Pacer, context.Settings.NoDataTimeout);
        var userAgent = context.Upstream.UserAgent.Length > 0 ? context.Upstream.UserAgent : UpstreamHttp.DefaultUserAgent;
        await context.AttachAsync(new SourceDescriptor(context.SourceId, context.Upstream.Url, AudioFormat.MpegTs, userAgent), cancellationToken).ConfigureAwait(false);
        var custody = new ChunkCustody();
        var end = new ByteStreamEnd();
        var bytes = PipeReaderSource.Create(body, cancellationToken, context.Pacer, mark).Select(read =>
        {
            context.Health.AddBytes(read.Count);
            return read;
        });
        var (stop, appended) = end.Watch(bytes, context.Settings.NoDataTimeout)
            .ViaMaterialized(KillSwitches.Single<Akka.IO.ByteString>(), Keep.Right)
            .Via(new TsChunking(context.Channel.Settings.ChunkDuration, custody, context.MediaFlows))
            .Buffer(IngestFlow.ChannelBufferChunks, OverflowStrategy.Backpressure)
            .ToMaterialized(Sink.FromGraph(new ChannelActorSink(context.ChannelActor, context.SourceId, custody)), Keep.Both)
            .Run(context.Materializer);
        try
        {
            await using (cancellationToken.Register(stop.Shutdown).ConfigureAwait(false))
            {
                await appended.ConfigureAwait(false);
            }
        }
        finally
        {
            stop.Shutdown();
            custody.ReleaseAll();
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw end.Stalled ? new UpstreamException(UpstreamFailureKind.NoData, $"no data for {context.Settings.NoDataTimeout.TotalSeconds:0.#}s")
            : end.ReadError is { } error ? new UpstreamException(UpstreamFailureKind.Failed, "the upstream connection failed: " + error.Message)
            : new UpstreamException(UpstreamFailureKind.Failed, "the upstream closed the stream");
    }
}
