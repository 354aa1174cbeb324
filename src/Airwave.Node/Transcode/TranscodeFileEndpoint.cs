using System.Globalization;
using Airwave.Channels.Transcoding;
using Airwave.Node.Http;
using Airwave.Streaming.Analytics;

namespace Airwave.Node.Transcode;

/// <summary>
/// Serves a transcode session's playlist (<c>index.m3u8</c>, <c>?start=</c> seconds to begin further on) and segments
/// (<c>N.ts</c>) on the listener port. A segment not transcoded yet is waited for, and transcoded first when asked for
/// out of order (a seek). Every request counts as the session's heartbeat.
/// </summary>
internal static class TranscodeFileEndpoint
{
    public const string Route = "/transcode/{id}/{file}";

    public static async Task HandleAsync(HttpContext context, TranscodeSessions sessions, ListeningRecorder listening, string id, string file)
    {
        if (file == TranscodeSessionFiles.Playlist)
        {
            await PlaylistAsync(context, sessions, id).ConfigureAwait(false);
        }
        else if (TranscodeSessionFiles.SegmentNumber(file) is { } number)
        {
            await SegmentAsync(context, sessions, listening, id, number).ConfigureAwait(false);
        }
        else
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/transcode/{id}/{file}: a session serves index.m3u8 and N.ts").ConfigureAwait(false);
        }
    }

    private static async Task PlaylistAsync(HttpContext context, TranscodeSessions sessions, string id)
    {
        var start = TimeSpan.Zero;
        if (context.Request.Query["start"] is [{ } text])
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
            {
                await PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, $"start=\"{text}\" is not a number of seconds into the session").ConfigureAwait(false);
                return;
            }

            start = TimeSpan.FromSeconds(seconds);
        }

        if (await sessions.PlaylistAsync(id, start, context.RequestAborted).ConfigureAwait(false) is not { } playlist)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"no transcode session {id}").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/vnd.apple.mpegurl";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        await context.Response.WriteAsync(playlist, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task SegmentAsync(HttpContext context, TranscodeSessions sessions, ListeningRecorder listening, string id, int number)
    {
        var answer = await sessions.SegmentAsync(id, number, context.RequestAborted).ConfigureAwait(false);
        byte[] bytes;
        try
        {
            bytes = answer.Path is { } path ? await File.ReadAllBytesAsync(path, context.RequestAborted).ConfigureAwait(false) : [];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The session was stopped between the answer and the read.
            answer = answer with { Path = null, Problem = $"transcode session {id} is gone" };
            bytes = [];
        }

        if (answer.Path is null)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/transcode/{id}/{number}.ts: {answer.Problem}").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "video/mp2t";
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.ContentLength = bytes.Length;
        if (sessions.Find(id) is { } session)
        {
            var length = sessions.SegmentDuration;
            var delivery = new HlsDelivery(session.Key.Channel, number, session.OriginUtc + (length * number), length, bytes.Length);
            listening.SegmentSent(ListenerOutput.Transcode, delivery, id, context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Headers.UserAgent.ToString());
        }

        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
