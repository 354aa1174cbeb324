using System.Net;
using Airwave.Channels;
using Airwave.Streaming.Listeners;
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
internal sealed class ConnectionListenerEndpoint(ChannelDirectory channels, ListenerEndpoint listeners, SharedUserAgents userAgents)
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
            || channels.Find(path) is not { Settings.Access.IsOpen: true } channel)
        {
            return null;
        }

        string? at = null, offset = null, sid = null;
        var question = head.Path.IndexOf('?', StringComparison.Ordinal);
        foreach (var field in new QueryStringEnumerable(question < 0 ? default : head.Path.AsMemory(question)))
        {
            var name = field.DecodeName().Span;
            if (name.Equals("at", StringComparison.OrdinalIgnoreCase))
            {
                at = Append(at, field);
            }
            else if (name.Equals("offset", StringComparison.OrdinalIgnoreCase))
            {
                offset = Append(offset, field);
            }
            else if (name.Equals(SessionIds.QueryName, StringComparison.OrdinalIgnoreCase))
            {
                sid = Append(sid, field);
            }
        }

        return new ListenerRequest(
            channel,
            when,
            at,
            offset,
            head.Header("Icy-MetaData") == "1",
            head.Method == "HEAD",
            (remote as IPEndPoint)?.Address.ToString() ?? "unknown",
            userAgents.Share(head.LastValue("User-Agent")),
            SessionIds.Presented(sid, SessionIds.FromCookieHeader(head.Header("Cookie"))));
    }

    /// <summary>
    /// A query field's decoded value, after the ones before it of the same name: read as Kestrel's query collection
    /// reads it (names in any case, repeated values joined with commas), without a dictionary for every request.
    /// </summary>
    private static string Append(string? earlier, QueryStringEnumerable.EncodedNameValuePair field) =>
        earlier is null ? field.DecodeValue().ToString() : string.Concat(earlier, ",", field.DecodeValue().Span);
}
