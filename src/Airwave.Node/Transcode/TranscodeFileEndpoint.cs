using Airwave.Channels.Transcoding;
using Airwave.Node.Http;

namespace Airwave.Node.Transcode;

/// <summary>Serves a transcode session's playlist and segments on the listener port; every request counts as the session's heartbeat.</summary>
internal static class TranscodeFileEndpoint
{
    public const string Route = "/transcode/{id}/{file}";

    public static async Task HandleAsync(HttpContext context, TranscodeSessions sessions, string id, string file)
    {
        if (!TranscodeSessionFiles.IsServed(file) || sessions.Touch(id) is not { } directory)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/transcode/{id}/{file}: no such session or file").ConfigureAwait(false);
            return;
        }

        var path = Path.Combine(directory, file);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/transcode/{id}/{file}: not written yet").ConfigureAwait(false);
            return;
        }

        var playlist = file == TranscodeSessionFiles.Playlist;
        context.Response.ContentType = playlist ? "application/vnd.apple.mpegurl" : "video/mp2t";
        context.Response.Headers.CacheControl = playlist ? "no-cache" : "public, max-age=31536000, immutable";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
