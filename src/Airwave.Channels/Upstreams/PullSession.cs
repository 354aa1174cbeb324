using System.Buffers;
using System.IO.Pipelines;
using Airwave.Streaming.Upstreams;

namespace Airwave.Channels.Upstreams;

/// <summary>One pull attempt: connects, sniffs what the upstream serves (for <c>auto</c>) and hands over to the matching pull (<see cref="IcecastPull"/>, <see cref="HlsPull"/>, <see cref="TsPull"/>).</summary>
public static class PullSession
{
    /// <summary>Runs the attempt until it fails (an <see cref="UpstreamException"/>) or is cancelled.</summary>
    public static async Task RunAsync(PullContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var upstream = context.Upstream;
        var url = new Uri(upstream.Url);
        if (upstream.Type == UpstreamType.Hls)
        {
            context.Health.Detected(UpstreamType.Hls);
            await HlsPull.RunAsync(context, url, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var response = await UpstreamHttp.GetAsync(context.Http, upstream, url, upstream.Type != UpstreamType.Ts, context.Settings.NoDataTimeout, cancellationToken)
            .ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        try
        {
            var head = await PeekAsync(reader, context.Settings.NoDataTimeout, cancellationToken).ConfigureAwait(false);
            var mediaType = UpstreamHttp.MediaType(response);
            var sniffed = UpstreamSniffer.Sniff(mediaType, head, out var reason);
            if (sniffed is null || mediaType == "text/html")
            {
                throw new UpstreamException(UpstreamFailureKind.NotMedia, reason.Length > 0 ? reason : "upstream answered an HTML page instead of a stream");
            }

            var type = upstream.Type == UpstreamType.Auto ? sniffed.Value : upstream.Type;
            context.Health.Detected(type);
            switch (type)
            {
                case UpstreamType.Hls:
                    var playlist = await BoundedBody.ReadAsync(reader, context.Settings.MaxPlaylistBytes, context.Settings.NoDataTimeout, "the playlist", context.Health, cancellationToken)
                        .ConfigureAwait(false);
                    await HlsPull.RunAsync(context, response.RequestMessage?.RequestUri ?? url, playlist, cancellationToken).ConfigureAwait(false);
                    break;
                case UpstreamType.Ts:
                    await TsPull.RunAsync(context, response, reader, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await IcecastPull.RunAsync(context, response, reader, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The first bytes of the body (up to <see cref="UpstreamSniffer.SniffBytes"/>), left unconsumed in the reader.</summary>
    private static async Task<byte[]> PeekAsync(PipeReader reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(stall.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (buffer.Length >= UpstreamSniffer.SniffBytes || read.IsCompleted)
                {
                    var head = buffer.Slice(0, Math.Min(buffer.Length, UpstreamSniffer.SniffBytes)).ToArray();
                    reader.AdvanceTo(buffer.Start);
                    return head.Length > 0 ? head : throw new UpstreamException(UpstreamFailureKind.Failed, "the upstream answered with an empty body");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(UpstreamFailureKind.NoData, $"no data within {timeout.TotalSeconds:0.#}s of connecting");
        }
        catch (IOException e)
        {
            throw new UpstreamException(UpstreamFailureKind.Failed, "the upstream connection failed: " + e.Message);
        }
    }
}
