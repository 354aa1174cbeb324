using System.Net;
using Airwave.Channels;
using Airwave.Streaming.Sessions;
using Airwave.Streaming.Sources;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Icecast;

/// <summary>Serves plain listener requests (<c>/mount</c>, <c>/mount/live/{when}</c> of an existing channel) on the raw connection, without Kestrel's per-request objects.</summary>
/// <remarks>
/// Anything else (playlists, archive, admin, status, unknown mounts, private channels, which <see cref="Access.ListenerAccessGate"/>
/// checks, heads it cannot read) is declined, and Kestrel serves
/// it as before; live HLS segments go to <see cref="Hls.ConnectionSegmentEndpoint"/>.
/// </remarks>
internal sealed class ConnectionListenerEndpoint(ChannelDirectory channels, ListenerEndpoint listeners)
{
    /// <summary>Serves a request <see cref="Route"/> took (a relay's once it caught up with live).</summary>
    /// <remarks>Not an async method: a listener holds no state machine of this for the hours it stays.</remarks>
    public Task ServeAsync(IListenerTransport transport, ListenerRequest request)
    {
        var ready = request.Channel.WhenReadyAsync(DateTime.UtcNow.Ticks, transport.Aborted);
        return ready.IsCompletedSuccessfully ? listeners.ServeAsync(transport, request) : ServeWhenReadyAsync(ready, transport, request);
    }

    private async Task ServeWhenReadyAsync(Task ready, IListenerTransport transport, ListenerRequest request)
    {
        await ready.ConfigureAwait(false);
        await listeners.ServeAsync(transport, request).ConfigureAwait(false);
    }

    /// <summary>The listener request when the head asks for one of this node's channels as a stream, else null (and Kestrel serves it).</summary>
    public ListenerRequest? Route(SourceRequestHead head, EndPoint? remote)
    {
        if (head.HasBodyOrUpgrade)
        {
            return null;
        }

        var path = head.Mount.AsSpan(1);
        string? when = null;
        var slash = path.IndexOf('/');
        if (slash >= 0)
        {
            var rest = path[(slash + 1)..];
            if (!rest.StartsWith("live/") || rest.Length == "live/".Length || rest["live/".Length..].Contains('/'))
            {
                return null;
            }

            when = rest["live/".Length..].ToString();
            path = path[..slash];
        }

        if (path.IsEmpty || path.Contains('%') || path is "status-json.xsl" or "static" or "metrics" || when?.Contains('%') == true
            || channels.Find(path.ToString()) is not { Settings.Access.IsOpen: true } channel)
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(head.Query);
        return new ListenerRequest(
            channel,
            when,
            query.TryGetValue("at", out var at) ? at.ToString() : null,
            query.TryGetValue("offset", out var offset) ? offset.ToString() : null,
            head.Header("Icy-MetaData") == "1",
            head.Method == "HEAD",
            (remote as IPEndPoint)?.Address.ToString() ?? "unknown",
            head.Header("User-Agent") ?? "",
            SessionIds.Presented(query.TryGetValue(SessionIds.QueryName, out var sid) ? sid.ToString() : null, SessionIds.FromCookieHeader(head.Header("Cookie"))));
    }
}
