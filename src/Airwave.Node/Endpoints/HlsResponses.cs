namespace Airwave.Node.Endpoints;

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

    public static async Task WriteSegmentAsync(HttpResponse response, string contentType, byte[] bytes)
    {
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.AccessControlAllowOrigin = "*";
        if (!HttpMethods.IsHead(response.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(bytes).ConfigureAwait(false);
        }
    }
}
