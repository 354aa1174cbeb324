using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Airwave.Channels;
using Airwave.Channels.Ingest;
using Airwave.Channels.Sources;
using Airwave.Media;
using Airwave.Node.Hls;
using Airwave.Node.Http;
using Airwave.Node.Placement;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Akka.Streams;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Airwave.Node.Icecast;

/// <summary>
/// Routes each connection on the listener port before Kestrel's HTTP parser sees it: Icecast sources (<c>PUT</c>, legacy
/// <c>SOURCE</c>) are served here, plain listeners go to <see cref="ConnectionListenerEndpoint"/>, live HLS segments to
/// <see cref="ConnectionSegmentEndpoint"/> (kept alive for the next request), everything else to Kestrel.
/// </summary>
/// <remarks>
/// Every other request is handed on to Kestrel untouched: its bytes are only peeked, never consumed, so Kestrel reads
/// the connection from that request on (after segments served here on the same connection too).
/// A listener head whose connection closes or times out while it is peeked ends the connection, as for a source.
/// Replies follow Icecast 2.4: 401 for a missing or wrong password, 403 "Mountpoint in use", 403 "Content-type not supported" (with the reason after it),
/// and 400 when the first bytes are not MP3 or ADTS AAC. A source for a mount placed on another node is forwarded to its
/// owner by <see cref="SourceForwarder"/>; it is answered 503 while the mount has no owner, and when it was forwarded here
/// already (never twice).
/// </remarks>
internal sealed class ListenerPortConnections(
    ChannelDirectory channels,
    ChannelLocator locator,
    SourceForwarder forwarder,
    ConnectionListenerEndpoint listeners,
    ConnectionSegmentEndpoint segments,
    PushedSources pushed,
    TimeSpan keepAliveTimeout,
    Streaming.Access.LoginThrottle logins,
    IMaterializer materializer,
    ILogger<ListenerPortConnections> log,
    CancellationToken shutdown)
{
    /// <summary>The realm Icecast names; libshout sends its credentials only after a 401 carrying it.</summary>
    private const string AuthenticateHeader = "WWW-Authenticate: Basic realm=\"Icecast2 Server\"\r\n";

    /// <summary>Longest a client may take to send its first request head, on either path of the listener port.</summary>
    public static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The connection middleware for Kestrel's <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        RawRoute route;
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, shutdown))
        {
            waiting.CancelAfter(HeadTimeout);
            try
            {
                var kind = await ClassifyAsync(connection.Transport.Input, waiting.Token).ConfigureAwait(false);
                if (kind == RequestHeadKind.Source)
                {
                    await AcceptSourceAsync(connection, waiting.Token).ConfigureAwait(false);
                    return;
                }

                route = kind == RequestHeadKind.Listener ? await TakeRequestsAsync(connection, waiting).ConfigureAwait(false) : RawRoute.Kestrel;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        // The timeout source is gone by now: a listener holds nothing of it for the hours it may stay.
        if (route.Listener is { } listener)
        {
            var transport = new RawListenerTransport(
                RawHttp.AudioSink(connection), connection.Features.Get<IConnectionSocketFeature>()?.Socket, connection.Abort, null, connection.ConnectionClosed);
            await listeners.ServeAsync(transport, listener).ConfigureAwait(false);
        }
        else if (!route.Closed)
        {
            await next(connection).ConfigureAwait(false);
        }
    };

    /// <summary>
    /// Serves live segment requests one after the other while the client keeps the connection, until a request for a
    /// stream (returned to be served) or one Kestrel must answer (left unread in the pipe for it), or the end.
    /// </summary>
    /// <param name="connection">The connection, its first bytes a <c>GET</c> or <c>HEAD</c>.</param>
    /// <param name="waiting">Bounds each wait: the head timeout for the first head, then the send and keep-alive timeouts in turn.</param>
    private async Task<RawRoute> TakeRequestsAsync(ConnectionContext connection, CancellationTokenSource waiting)
    {
        var input = connection.Transport.Input;
        IAudioSink? sink = null;
        while (true)
        {
            var read = await input.ReadAsync(waiting.Token).ConfigureAwait(false);
            if (read.Buffer.IsEmpty && read.IsCompleted)
            {
                return RawRoute.End;
            }

            var result = SourceRequestHeadParser.ParseListener(read.Buffer);
            if (result.Status == SourceHeadStatus.NeedMore && !read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                continue;
            }

            var head = result.Status == SourceHeadStatus.Complete ? result.Head! : null;
            if (head is not null && segments.Route(head, connection.RemoteEndPoint) is { } segment)
            {
                input.AdvanceTo(read.Buffer.GetPosition(result.Consumed));
                waiting.CancelAfter(ConnectionSegmentEndpoint.SendTimeout);
                if (!await segments.ServeAsync(segment, sink ??= RawHttp.AudioSink(connection), waiting.Token).ConfigureAwait(false))
                {
                    return RawRoute.End;
                }

                waiting.CancelAfter(keepAliveTimeout);
                continue;
            }

            var listener = head is null ? null : listeners.Route(head, connection.RemoteEndPoint);
            input.AdvanceTo(listener is null ? read.Buffer.Start : read.Buffer.GetPosition(result.Consumed));
            return listener is { } request ? new RawRoute(request, Closed: false) : RawRoute.Kestrel;
        }
    }

    private async Task AcceptSourceAsync(ConnectionContext connection, CancellationToken headTimeout)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "unknown";
        try
        {
            if (await ReadHeadAsync(connection.Transport, headTimeout).ConfigureAwait(false) is { } request)
            {
                await ServeSourceAsync(connection, request.Head, request.Raw, remote, (connection.RemoteEndPoint as IPEndPoint)?.Address).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            log.LogInformation("source {Remote} gave up before sending its request head", remote);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or InvalidDataException)
        {
            log.LogInformation("source {Remote} connection ended: {Reason}", remote, e.Message);
        }
    }

    private static async Task<RequestHeadKind> ClassifyAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (SourceRequestHeadParser.TryClassify(read.Buffer, out var kind) || read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start);
                return kind;
            }

            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>The parsed head and its bytes as received (kept for forwarding), or null once a 400 has been answered.</summary>
    private static async Task<(SourceRequestHead Head, byte[] Raw)?> ReadHeadAsync(IDuplexPipe transport, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await transport.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var result = SourceRequestHeadParser.Parse(read.Buffer);
            switch (result.Status)
            {
                case SourceHeadStatus.Complete:
                    var raw = read.Buffer.Slice(0, result.Consumed).ToArray();
                    transport.Input.AdvanceTo(read.Buffer.GetPosition(result.Consumed));
                    return (result.Head!, raw);
                case SourceHeadStatus.NeedMore when !read.IsCompleted:
                    transport.Input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    continue;
                default:
                    transport.Input.AdvanceTo(read.Buffer.End);
                    await RespondAsync(transport.Output, "HTTP/1.0", 400, "Bad Request", result.Error ?? "incomplete request head").ConfigureAwait(false);
                    return null;
            }
        }
    }

    private async Task ServeSourceAsync(ConnectionContext connection, SourceRequestHead head, byte[] rawHead, string remote, IPAddress? address)
    {
        var output = connection.Transport.Output;
        var protocol = head.Protocol == "HTTP/1.1" ? "HTTP/1.1" : "HTTP/1.0";
        var forwardedBy = head.Header(SourceForwarder.ForwardedByHeader);
        // Checked where the encoder connected, before forwarding, and again by the owner with the address the forwarder signed.
        var client = forwarder.ClientOf(head, head.Mount, address);
        if (channels.SettingsFor(head.Mount)?.Access.NetworkRefusal(head.Mount, client) is { } refusal)
        {
            log.LogWarning("source {Remote} refused on {Mount}: {Reason}", remote, head.Mount, refusal);
            await RespondAsync(output, protocol, 403, "Forbidden", refusal).ConfigureAwait(false);
            return;
        }

        if (await locator.LocateAsync(head.Mount, head.Path, connection.ConnectionClosed).ConfigureAwait(false) is { } elsewhere)
        {
            if (elsewhere.Owner is { } owner && forwardedBy is null)
            {
                await forwarder.ForwardAsync(connection, rawHead, head.Mount, owner, protocol, remote, client).ConfigureAwait(false);
                return;
            }

            var reason = elsewhere.Owner is null ? "Mountpoint has no owner node at the moment" : $"Mountpoint not served here either (forwarded by {forwardedBy})";
            log.LogInformation("source {Remote} on {Mount} refused with 503: {Reason}", remote, head.Mount, reason);
            await RespondAsync(output, protocol, 503, "Service Unavailable", reason, $"Retry-After: {ChannelRedirect.RetryAfterSeconds}\r\n").ConfigureAwait(false);
            return;
        }

        if (forwardedBy is not null)
        {
            log.LogInformation("source {Remote} on {Mount} forwarded by {Node}", remote, head.Mount, forwardedBy);
        }

        var channel = ChannelDirectory.IsValidName(head.Mount.TrimStart('/'))
            ? await channels.FindForSourceAsync(head.Mount, connection.ConnectionClosed).ConfigureAwait(false)
            : null;
        if (channel is null || channels.ActorOf(channel.Id) is not { } actor)
        {
            log.LogInformation("source {Remote} refused: mount {Mount} is not configured", remote, head.Mount);
            await RespondAsync(output, protocol, 404, "Not Found", "Mountpoint not configured").ConfigureAwait(false);
            return;
        }

        var authorization = head.Header("Authorization");
        if (authorization is null)
        {
            // libshout (ices2, GStreamer's shout2send) always asks without credentials first and sends them once the
            // 401 names the realm: routine, not an attack, so it stays out of the warnings.
            log.LogDebug("source {Remote} on {Mount} asked for credentials (no Authorization header); answered 401", remote, head.Mount);
            await RespondAsync(output, protocol, 401, "Authentication Required", "You need to authenticate", AuthenticateHeader).ConfigureAwait(false);
            return;
        }

        var login = Streaming.Access.LoginThrottle.KeyOf("source " + head.Mount, client);
        if (logins.Check(login, client) is { Locked: true } locked)
        {
            await RespondAsync(
                output, protocol, 429, "Too Many Requests", $"Too many failed logins: retry in {locked.RetryAfterSeconds} s", $"Retry-After: {locked.RetryAfterSeconds}\r\n").ConfigureAwait(false);
            return;
        }

        if (BasicCredentials.Parse(authorization) is not { } credentials || !credentials.PasswordMatches(channel.Settings.Password))
        {
            var failed = logins.Failed(login, client);
            if (failed.First || failed.Locked)
            {
                log.LogWarning(
                    "source {Remote} refused on {Mount}: wrong password{Lockout}", remote, head.Mount, failed.Locked ? $" ({failed.Failures} in a row: locked out for {failed.LockedFor})" : "");
            }

            // Held back, not refused: an encoder behind the same balancer as a guesser still gets in with the right password.
            await Task.Delay(failed.Delay, connection.ConnectionClosed).ConfigureAwait(false);
            await RespondAsync(output, protocol, 401, "Authentication Required", "You need to authenticate", AuthenticateHeader).ConfigureAwait(false);
            return;
        }

        logins.Succeeded(login);

        var contentType = head.Header("Content-Type");
        if (!AudioContentTypes.TryGetFormat(contentType ?? "", out var format))
        {
            log.LogWarning("source {Remote} refused on {Mount}: {Reason}", remote, head.Mount, UnsupportedContentType.Body(contentType));
            await RespondAsync(output, protocol, 403, "Forbidden", UnsupportedContentType.Body(contentType)).ConfigureAwait(false);
            return;
        }

        var source = SourceDescriptor.FromHead(head, remote, format);
        var attached = await actor.Ask<SourceAttachResult>(reply => new AttachSource(source, reply), AttachTimeout, connection.ConnectionClosed).ConfigureAwait(false);
        if (!attached.Accepted)
        {
            log.LogWarning("source {Remote} refused on {Mount}: {Reason}", remote, head.Mount, attached.Reason);
            await RespondAsync(output, protocol, 403, "Forbidden", attached.Reason ?? "Forbidden").ConfigureAwait(false);
            return;
        }

        await RunSourceAsync(connection, head, channel, actor, source, protocol).ConfigureAwait(false);
    }

    private async Task RunSourceAsync(ConnectionContext connection, SourceRequestHead head, LiveChannel channel, IActorRef actor, SourceDescriptor source, string protocol)
    {
        var output = connection.Transport.Output;
        var outcome = SourceOutcome.Cancelled;
        var answered = false;
        try
        {
            if (head.IsLegacySource)
            {
                answered = true;
                await WriteAsync(output, "HTTP/1.0 200 OK\r\n\r\n").ConfigureAwait(false);
            }
            else if (string.Equals(head.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(output, "HTTP/1.1 100 Continue\r\n\r\n").ConfigureAwait(false);
            }

            var body = string.Equals(head.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase)
                ? PipeReader.Create(new ChunkedDecodingStream(connection.Transport.Input.AsStream(leaveOpen: true)))
                : connection.Transport.Input;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, shutdown);
            using var killable = pushed.Add(channel.Id, stop);
            var ingest = new SourceIngest(channel, actor, source, channel.Settings.SourceTimeout, materializer);
            // An encoder sends each frame as it is made: without a mark every frame wakes the node, read or not.
            await using var mark = ReceiveMark.Hold(connection.Features.Get<IConnectionSocketFeature>()?.Socket, ReceiveMark.HalfSecondOf(source.Bitrate), channels.Reads, channel.Settings.SourceTimeout);
            outcome = await ingest.RunAsync(body, channels.Reads, mark, async isAudio =>
            {
                // A body cut short by a broken chunk was not judged on its audio: the 400 below names the real reason.
                if (head.IsLegacySource || (!isAudio && ingest.ReadError is MalformedChunkedBodyException))
                {
                    return;
                }

                answered = true;
                await (isAudio
                    ? WriteAsync(output, $"{protocol} 200 OK\r\nServer: Airwave\r\n\r\n")
                    : RespondAsync(output, protocol, 400, "Bad Request", "stream is not MP3 or AAC")).ConfigureAwait(false);
            }, stop.Token).ConfigureAwait(false);
            if (ingest.ReadError is MalformedChunkedBodyException malformed)
            {
                // The body has no length past a broken chunk (RFC 9112 §7.1): say why in a 400 if no status went out
                // yet, else the close is all the source can be told; the reason is logged either way.
                log.LogWarning("source {Remote} on {Mount} sent a malformed chunked body: {Reason}", source.Remote, channel.Settings.Mount, malformed.Message);
                if (!answered)
                {
                    await RespondAsync(output, protocol, 400, "Bad Request", malformed.Message).ConfigureAwait(false);
                }
            }

            log.LogInformation("source {Remote} on {Mount} ended ({Outcome}, {Bytes} audio bytes, {Skipped} skipped)",
                source.Remote, channel.Settings.Mount, ingest.NoAudio ? "no audio for the source-timeout" : outcome, ingest.FramedBytes, ingest.SkippedBytes);
        }
        finally
        {
            actor.Tell(new DetachSource(source.Id, outcome.ToString()));
        }
    }

    private static Task RespondAsync(PipeWriter output, string protocol, int status, string reason, string message, string extraHeaders = "") =>
        RawHttp.RespondAsync(output, protocol, status, reason, message + "\r\n", extraHeaders);

    private static Task WriteAsync(PipeWriter output, string text) => RawHttp.WriteAsync(output, text);
}
