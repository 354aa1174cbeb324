using Airwave.Media.Id3;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Rewind;

namespace Airwave.Node.Hls;

/// <summary>The content types and cache rules of HLS answers: playlists change on every segment, segments never change.</summary>
internal static class HlsResponses
{
    public const string PlaylistContentType = "application/vnd.apple.mpegurl";

    public static Task WritePlaylistAsync(HttpResponse response, string text)
    {
        response.ContentType = PlaylistContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers.AccessControlAllowOrigin = "*";
        return HttpMethods.IsHead(response.HttpContext.Request.Method) ? Task.CompletedTask : response.WriteAsync(text);
    }

    /// <summary>Writes a live segment straight from the rewind buffer into the response (no per-request copy of the audio).</summary>
    public static async Task WriteSegmentAsync(HttpContext context, string contentType, RewindBuffer buffer, HlsSegment segment, bool packedAudio)
    {
        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = SegmentPayload.Length(segment, packedAudio);
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.AccessControlAllowOrigin = "*";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var body = response.BodyWriter;
        body.Advance(SegmentPayload.WritePrefix(segment, packedAudio, body.GetSpan(Id3TimestampTag.Size)));
        // The sink copies each chunk into the response at once, so the intact check right after covers what is sent.
        if (!SegmentPayload.TryQueueChunks(buffer, segment, new PipeAudioSink(body)) || !buffer.IsPayloadIntact(segment.FirstSeq))
        {
            context.Abort();
            return;
        }

        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
