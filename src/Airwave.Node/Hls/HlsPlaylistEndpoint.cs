using System.Globalization;
using Airwave.Media.Hls;
using Airwave.Node.Http;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Airwave.Streaming.TimeShift;

namespace Airwave.Node.Hls;

/// <summary>Serves <c>/mount.m3u8</c> (live window; <c>?offset=</c> and <c>?at=</c> shift it into the past) and <c>/mount/dvr.m3u8</c> (the whole rewind buffer).</summary>
internal sealed class HlsPlaylistEndpoint(TimeProvider clock)
{
    /// <summary>The live or time-shifted window. <c>?at=</c> answers a master playlist whose one variant is the equivalent
    /// <c>?offset=</c>, so the window players reload keeps moving forward with wall time.</summary>
    public Task WindowAsync(HttpContext context, LiveChannel channel)
    {
        var request = context.Request;
        var now = clock.GetUtcNow();
        var (session, query) = HlsSessionId.Resolve(request);
        if (channel.Stream is not { } stream)
        {
            return NoSegmentsYetAsync(context.Response, channel);
        }

        long? shiftedEnd = null;
        if (request.Query.ContainsKey("at"))
        {
            var at = TimeShiftParser.ParseAt(request.Query["at"], now, channel.Settings.TimeZone);
            if (at.Kind == TimeShiftKind.Invalid)
            {
                return PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, at.Error ?? "invalid at");
            }

            if (at.Kind == TimeShiftKind.At)
            {
                var offset = (long)Math.Ceiling((now - at.Instant).TotalSeconds);
                var variant = new PlaylistVariant(
                    Access.ListenerAccessGate.WithToken($"{channel.Settings.Mount}.m3u8?offset={offset.ToString(CultureInfo.InvariantCulture)}&{HlsSessionId.Query}={session}", request),
                    Math.Max(stream.BitrateKbps, 1) * 1000L,
                    SegmentFormat.Codecs(stream.Format));
                channel.HlsSessions.Touch(session, now.UtcTicks);
                return HlsResponses.WritePlaylistAsync(context.Response, MasterPlaylistWriter.Write([variant]));
            }
        }
        else if (request.Query.ContainsKey("offset"))
        {
            var offset = TimeShiftParser.ParseOffset(request.Query["offset"], now);
            if (offset.Kind == TimeShiftKind.Invalid)
            {
                return PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, offset.Error ?? "invalid offset");
            }

            shiftedEnd = offset.Kind == TimeShiftKind.At ? offset.Instant.UtcTicks : null;
        }

        return WriteAsync(context, channel, session, HlsPlaylists.Window(channel, shiftedEnd, query));
    }

    /// <summary>The whole rewind buffer as an EVENT playlist.</summary>
    public Task DvrAsync(HttpContext context, LiveChannel channel)
    {
        var (session, query) = HlsSessionId.Resolve(context.Request);
        return WriteAsync(context, channel, session, HlsPlaylists.Dvr(channel, query));
    }

    private Task WriteAsync(HttpContext context, LiveChannel channel, string session, MediaPlaylist? playlist)
    {
        if (playlist is null)
        {
            return NoSegmentsYetAsync(context.Response, channel);
        }

        channel.HlsSessions.Touch(session, clock.GetUtcNow().UtcTicks);
        return HlsResponses.WritePlaylistAsync(context.Response, MediaPlaylistWriter.Write(playlist));
    }

    /// <summary>
    /// The channel exists but has closed no segment yet (it just started, or just moved to this node): a 503 whose
    /// Retry-After is one segment, never a 404, which players and monitors take for a channel that is gone.
    /// </summary>
    private static Task NoSegmentsYetAsync(HttpResponse response, LiveChannel channel)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling(channel.Settings.HlsSegmentDuration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return PlainText.WriteAsync(response, StatusCodes.Status503ServiceUnavailable, $"{channel.Settings.Mount}: no HLS segments yet");
    }
}
