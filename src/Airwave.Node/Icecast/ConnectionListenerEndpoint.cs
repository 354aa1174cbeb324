using System.Net;
using Airwave.Channels;
using Airwave.Streaming.Sessions;
using Airwave.Streaming.Sources;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Icecast;

/// <summary>Serves plain listener requests (<c>/mount</c>, <c>/mount/live/{when}</c> of an existing channel) on the raw connection, without Kestrel's per-request objects.</summary>
/// <remarks>
/// Anything else (playlists, HLS, archive, admin, status, unknown mounts, heads it cannot read) is declined without
/// consuming a byte, and Kestrel serves it as before.
/// </remarks>
internal sealed class ConnectionListenerEndpoint(ChannelDirectory channels, ListenerEndpoint listeners)
{
    /// <summary>Peeks the request head; when it is a listener request the fast path serves, consumes it and returns the request.</summary>
    public async Task<ListenerRequest?> TakeRequestAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var result = SourceRequestHeadParser.ParseListener(read.Buffer);
            if (result.Status == SourceHeadStatus.NeedMore && !read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                continue;
            }

            var request = result.Status == SourceHeadStatus.Complete ? Route(result.Head!, connection.RemoteEndPoint) : null;
            input.AdvanceTo(request is null ? read.Buffer.Start : read.Buffer.GetPosition(result.Consumed));
            return request;
        }
    }

    /// <summary>Serves a request taken by <see cref="TakeRequestAsync"/> (a relay's once it caught up with live).</summary>
    public async Task ServeAsync(ConnectionContext connection, ListenerRequest request)
    {
        await request.Channel.WhenReadyAsync(DateTime.UtcNow.Ticks, connection.ConnectionClosed).ConfigureAwait(false);
        await listeners.ServeAsync(new ConnectionListenerTransport(connection), request).ConfigureAwait(false);
    }

    private ListenerRequest? Route(SourceRequestHead head, EndPoint? remote)
    {
        if (head.Header("Content-Length") is not (null or "0") || head.Header("Transfer-Encoding") is not null || head.Header("Upgrade") is not null)
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

        if (path.IsEmpty || path.Contains('%') || path is "status-json.xsl" or "static" || when?.Contains('%') == true
            || channels.Find(path.ToString()) is not { } channel)
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
