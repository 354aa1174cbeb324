using Airwave.Channels;
using Airwave.Node.Http;
using Airwave.Node.Placement;

namespace Airwave.Node.Access;

/// <summary>
/// The listener-port middleware that keeps listeners out of private channels: every URL of a channel (the stream, its
/// playlists, HLS segments, downloads) is checked against its allow and deny lists and, when it requires one, its
/// listener token, before anything is served, redirected or passed to the owner. A refusal is 403 with the reason.
/// </summary>
/// <remarks>
/// The raw connection paths leave a restricted channel's requests to Kestrel (<see cref="Streaming.Access.ChannelAccess.IsOpen"/>),
/// so this is the one place that decides. A node that knows no settings for the channel (a master that redirects to the
/// owner) lets the request through to the owner, which checks it.
/// </remarks>
internal static class ListenerAccessGate
{
    /// <summary>The query parameter listener tokens travel in.</summary>
    public const string TokenQuery = "token";

    /// <summary>
    /// <paramref name="url"/> (a URL, or just its query, or nothing) with <c>token=…</c> added to its query when the
    /// request carried a token, else unchanged: the URLs a playlist hands out must carry the token into the next request.
    /// </summary>
    public static string WithToken(string url, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Query[TokenQuery].ToString();
        return token.Length == 0 ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{TokenQuery}={Uri.EscapeDataString(token)}";
    }

    public static IApplicationBuilder UseListenerAccess(this IApplicationBuilder app, ChannelDirectory channels, TimeProvider clock) =>
        app.Use(async (context, next) =>
        {
            var segment = (context.Request.Path.Value ?? "").TrimStart('/').Split('/', 2)[0];
            if (ChannelRedirects.MountOf(segment, channels) is { } mount
                && channels.Find(mount) is { Settings: { Access.IsOpen: false } settings } channel
                && settings.Access.ListenerRefusal(settings.Name, settings.TokenSecret, context.Connection.RemoteIpAddress, context.Request.Query[TokenQuery], clock.GetUtcNow()) is { } refusal)
            {
                channel.Counters.ListenerRefused();
                await PlainText.WriteAsync(context.Response, StatusCodes.Status403Forbidden, refusal).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
}
