using System.Globalization;
using System.IO.Pipelines;
using Airwave.Channels.Ingest;
using Airwave.Channels.Sources;
using Airwave.Media;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Akka.Streams.Dsl;

namespace Airwave.Channels.Upstreams;

/// <summary>Pulls an Icecast/HTTP MP3 or AAC stream: one ingest graph from the response body, through <see cref="IcyStripping"/> (in-band titles) when the upstream interleaves metadata, to the channel, framed like a pushed source.</summary>
public static class IcecastPull
{
    /// <summary>Pumps until the upstream ends, stalls, or proves not to be audio.</summary>
    /// <exception cref="UpstreamException">Always, unless cancelled: a pull only ends by failing.</exception>
    public static async Task RunAsync(PullContext context, HttpResponseMessage response, PipeReader body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        AudioContentTypes.TryGetFormat(UpstreamHttp.MediaType(response), out var format);
        var source = Describe(context, response, format);
        await context.AttachAsync(source, cancellationToken).ConfigureAwait(false);
        // A read that keeps up always finds data at its tick, so only a read that found nothing waits for the kernel, and then
        // for half a second of the stream, or a second for a short tail before the upstream pauses.
        await using var mark = ReceiveMark.Hold(UpstreamHttp.SocketOf(response), ReceiveMark.HalfSecondOf(source.Bitrate), context.Pacer, context.Settings.NoDataTimeout);
        var metaInt = int.TryParse(UpstreamHttp.Header(response, "icy-metaint"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 0;
        var ingest = new SourceIngest(context.Channel, context.ChannelActor, source, context.Settings.NoDataTimeout, context.Materializer);
        ValueTask Verdict(bool audio)
        {
            if (audio)
            {
                context.MediaFlows();
            }

            return ValueTask.CompletedTask;
        }

        var bytes = PipeReaderSource.Create(body, cancellationToken, context.Pacer, mark).Select(read =>
        {
            context.Health.AddBytes(read.Count);
            return read;
        });
        if (metaInt > 0)
        {
            bytes = bytes.Via(new IcyStripping(metaInt, fields =>
            {
                if (fields.TryGetValue("StreamTitle", out var title))
                {
                    context.Title(title, fields.GetValueOrDefault("StreamUrl"));
                }
            }));
        }

        var outcome = await ingest.RunAsync(bytes, Verdict, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        throw outcome switch
        {
            SourceOutcome.TimedOut => new UpstreamException(UpstreamFailureKind.NoData, $"no audio for {context.Settings.NoDataTimeout.TotalSeconds:0.#}s"),
            SourceOutcome.NotAudio => new UpstreamException(UpstreamFailureKind.NotMedia, "the stream is not MP3 or AAC audio"),
            _ => new UpstreamException(UpstreamFailureKind.Failed, ingest.ReadError is null ? "the upstream closed the stream" : "the upstream connection failed: " + ingest.ReadError.Message),
        };
    }

    private static SourceDescriptor Describe(PullContext context, HttpResponseMessage response, AudioFormat format)
    {
        string Header(string name) => UpstreamHttp.Header(response, name) ?? "";
        var userAgent = context.Upstream.UserAgent.Length > 0 ? context.Upstream.UserAgent : UpstreamHttp.DefaultUserAgent;
        var bitrate = Header("icy-br").Split(',')[0];
        return new SourceDescriptor(context.SourceId, context.Upstream.Url, format, userAgent)
        {
            Name = Header("icy-name"),
            Description = Header("icy-description"),
            Genre = Header("icy-genre"),
            Url = Header("icy-url"),
            Bitrate = int.TryParse(bitrate, NumberStyles.None, CultureInfo.InvariantCulture, out var kbps) && kbps is > 0 and < 100_000 ? kbps : 0,
            Public = Header("icy-pub") is "1" or "true",
        };
    }
}
