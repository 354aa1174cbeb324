using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Airwave.Media;
using Airwave.Media.Icy;
using Airwave.Streaming.Sources;

namespace Airwave.Streaming.Fetching;

/// <summary>Relays an Icecast/HTTP MP3 or AAC stream: strips in-band ICY metadata into titles, frames the audio like a pushed source.</summary>
public static class IcecastRelay
{
    /// <summary>Pumps until the upstream ends, stalls, or proves not to be audio.</summary>
    /// <exception cref="UpstreamException">Always, unless cancelled: a relay only ends by failing.</exception>
    public static async Task RunAsync(PullContext context, HttpResponseMessage response, PipeReader body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        AudioContentTypes.TryGetFormat(UpstreamHttp.MediaType(response), out var format);
        var source = Describe(context, response, format);
        await context.AttachAsync(source, cancellationToken).ConfigureAwait(false);
        var metaInt = int.TryParse(UpstreamHttp.Header(response, "icy-metaint"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 0;
        var ingest = new SourceIngest(context.Channel, source, context.Settings.NoDataTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ValueTask Verdict(bool audio)
        {
            if (audio)
            {
                context.MediaFlows();
            }

            return ValueTask.CompletedTask;
        }

        SourceOutcome outcome;
        Exception? pumpError = null;
        if (metaInt == 0)
        {
            var counted = new CountingReader(body, context.Health);
            outcome = await ingest.RunAsync(counted, Verdict, linked.Token).ConfigureAwait(false);
        }
        else
        {
            var audio = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
            var pump = StripMetadataAsync(context, body, audio.Writer, new IcyStreamSplitter(metaInt), linked.Token);
            outcome = await ingest.RunAsync(audio.Reader, Verdict, linked.Token).ConfigureAwait(false);
            await linked.CancelAsync().ConfigureAwait(false);
            pumpError = await pump.ConfigureAwait(false);
            await audio.Reader.CompleteAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw outcome switch
        {
            SourceOutcome.TimedOut => new UpstreamException(UpstreamFailureKind.NoData, $"no audio for {context.Settings.NoDataTimeout.TotalSeconds:0.#}s"),
            SourceOutcome.NotAudio => new UpstreamException(UpstreamFailureKind.NotMedia, "the stream is not MP3 or AAC audio"),
            _ => new UpstreamException(UpstreamFailureKind.Failed, pumpError is null ? "the upstream closed the stream" : "the upstream connection failed: " + pumpError.Message),
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

    private static async Task<Exception?> StripMetadataAsync(PullContext context, PipeReader body, PipeWriter audio, IcyStreamSplitter splitter, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                context.Health.AddBytes(buffer.Length);
                IcySplitStatus status;
                while ((status = splitter.Read(ref buffer, out var slice)) != IcySplitStatus.NeedMoreData)
                {
                    if (status == IcySplitStatus.Audio)
                    {
                        foreach (var segment in slice)
                        {
                            audio.Write(segment.Span);
                        }
                    }
                    else
                    {
                        var fields = IcyMetadataDecoder.Decode(slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray());
                        if (fields.TryGetValue("StreamTitle", out var title))
                        {
                            context.Title(title, fields.GetValueOrDefault("StreamUrl"));
                        }
                    }
                }

                body.AdvanceTo(buffer.Start, buffer.End);
                var flushed = await audio.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (read.IsCompleted || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            error = e;
        }

        await audio.CompleteAsync().ConfigureAwait(false);
        return error;
    }
}
