using System.IO.Pipelines;
using Airwave.Media;
using Airwave.Streaming.Sources;

namespace Airwave.Streaming.Fetching;

/// <summary>Relays a continuous MPEG-TS stream over HTTP, cut at random access points into chunks served as <c>video/mp2t</c>.</summary>
public static class TsRelay
{
    private const long MaxUnalignedBytes = 1024 * 1024;

    /// <summary>Pumps until the upstream ends, stalls or proves not to be a transport stream.</summary>
    /// <exception cref="UpstreamException">Always, unless cancelled.</exception>
    public static async Task RunAsync(PullContext context, PipeReader body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var userAgent = context.Upstream.UserAgent.Length > 0 ? context.Upstream.UserAgent : UpstreamHttp.DefaultUserAgent;
        await context.AttachAsync(new SourceDescriptor(context.SourceId, context.Upstream.Url, AudioFormat.MpegTs, userAgent), cancellationToken).ConfigureAwait(false);
        using var feed = new TsChunkFeed(context);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                stall.CancelAfter(context.Settings.NoDataTimeout);
                var read = await body.ReadAsync(stall.Token).ConfigureAwait(false);
                foreach (var segment in read.Buffer)
                {
                    feed.Write(segment.Span);
                }

                context.Health.AddBytes(read.Buffer.Length);
                body.AdvanceTo(read.Buffer.End);
                if (feed.Packets == 0 && feed.SkippedBytes > MaxUnalignedBytes)
                {
                    throw new UpstreamException(UpstreamFailureKind.NotMedia, "no MPEG-TS packets in the first MiB");
                }

                if (read.IsCompleted)
                {
                    feed.Complete();
                    throw new UpstreamException(UpstreamFailureKind.Failed, "the upstream closed the stream");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(UpstreamFailureKind.NoData, $"no data for {context.Settings.NoDataTimeout.TotalSeconds:0.#}s");
        }
        catch (IOException e)
        {
            throw new UpstreamException(UpstreamFailureKind.Failed, "the upstream connection failed: " + e.Message);
        }
    }
}
