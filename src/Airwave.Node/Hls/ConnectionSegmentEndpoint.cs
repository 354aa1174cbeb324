using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Unicode;
using Airwave.Channels;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;
using Airwave.Streaming.Sources;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Hls;

/// <summary>
/// Serves live segment requests (<c>/mount/hls/{n}.{ext}</c> held in the rewind buffer) on the raw connection: a head
/// formatted into a scratch buffer borrowed for the answer, then the chunks straight from the rewind slabs in one gathered send.
/// </summary>
/// <remarks>
/// Through Kestrel every segment was copied into the response pipe and from there into the socket; this path leaves
/// out the pipe, the copy and the per-request objects. What it declines (a malformed name, a segment not here yet or
/// gone, a private channel's, another URL) Kestrel serves: the 400s, the 404s and the short wait for a segment just ahead stay in one place,
/// <see cref="HlsSegmentEndpoint"/>.
/// </remarks>
internal sealed class ConnectionSegmentEndpoint(ChannelDirectory channels, ClientSessions sessions, ListeningRecorder listening, TimeProvider clock)
{
    /// <summary>Room for the response head (under 300 bytes) and the timestamp tag of packed audio.</summary>
    public const int ScratchBytes = 512;

    /// <summary>Longest a segment's send may take: well inside the rewind buffer's 60 s recycle guard, so every byte sent was intact.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The request when it names a live segment this node holds now, else null (and Kestrel serves it).</summary>
    public SegmentRequest? Route(SourceRequestHead head, EndPoint? remote)
    {
        if (head.HasBodyOrUpgrade)
        {
            return null;
        }

        var path = head.Mount.AsSpan(1);
        var slash = path.IndexOf('/');
        if (slash <= 0 || !path[(slash + 1)..].StartsWith("hls/"))
        {
            return null;
        }

        var mount = path[..slash];
        var file = path[(slash + 1 + "hls/".Length)..];
        if (mount.Contains('%') || !SegmentFileName.TryParse(file, out var mediaSequence, out var extension)
            || channels.Find(mount) is not { Settings.Access.IsOpen: true } channel || SegmentFileName.FindHeld(channel, mediaSequence, extension) is not { } segment)
        {
            return null;
        }

        var connection = head.Header("Connection");
        var keepAlive = head.Protocol == "HTTP/1.1"
            ? connection is null || !connection.Contains("close", StringComparison.OrdinalIgnoreCase)
            : connection is not null && connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase);
        var query = head.Query.Length > 0 ? QueryHelpers.ParseQuery(head.Query) : null;
        var client = (remote as IPEndPoint)?.Address.ToString() ?? "";
        var userAgent = head.Header("User-Agent") ?? "";
        var (session, _) = HlsSessionId.Resolve(
            head.Header(HlsSessionId.Header), query?.TryGetValue(HlsSessionId.Query, out var sid) == true ? sid.ToString() : null, client, userAgent);
        return new SegmentRequest(channel, segment, head.Method == "HEAD", head.Protocol, keepAlive, session, client, userAgent);
    }

    /// <summary>Answers <paramref name="request"/> on <paramref name="sink"/>, the connection's.</summary>
    /// <param name="request">What <see cref="Route"/> found.</param>
    /// <param name="sink">Where the connection's bytes go (the socket, gathered).</param>
    /// <param name="cancellationToken">Ends a send to a client that stopped reading.</param>
    /// <returns>True when the connection stays open for the next request.</returns>
    /// <remarks>The scratch buffer is the pool's for as long as a connection waits for its next request (most of its life).</remarks>
    public async Task<bool> ServeAsync(SegmentRequest request, IAudioSink sink, CancellationToken cancellationToken)
    {
        var (channel, segment) = (request.Channel, request.Segment);
        var packedAudio = SegmentFormat.IsPackedAudio(segment.Format);
        // A draining node asks for a new connection, as its Kestrel answers do, so the next request goes through the balancer.
        var keepAlive = request.KeepAlive && !sessions.IsDraining;
        var scratch = ArrayPool<byte>.Shared.Rent(ScratchBytes);
        try
        {
            var headLength = WriteHead(scratch, request, SegmentPayload.Length(segment, packedAudio), keepAlive);
            channel.HlsSessions.Touch(request.SessionId, clock.GetUtcNow().UtcTicks);
            if (request.IsHead)
            {
                sink.Write(scratch.AsMemory(0, headLength));
                return await sink.FlushAsync(cancellationToken).ConfigureAwait(false) && keepAlive;
            }

            channel.Counters.HlsSegmentServed();
            listening.SegmentSent(ListenerOutput.Hls, HlsDelivery.Of(segment), request.SessionId, request.Client, request.UserAgent);
            var prefix = SegmentPayload.WritePrefix(segment, packedAudio, scratch.AsSpan(headLength));
            sink.Write(scratch.AsMemory(0, headLength + prefix));
            // The slabs stay unused for the buffer's recycle guard after their chunks leave it; a send that outlasted that
            // guard may have sent overwritten bytes, which the intact check catches: the connection is then cut, not reused.
            return SegmentPayload.TryQueueChunks(channel.Buffer, segment, sink)
                && await sink.FlushAsync(cancellationToken).ConfigureAwait(false)
                && channel.Buffer.IsPayloadIntact(segment.FirstSeq)
                && keepAlive;
        }
        finally
        {
            // A flush has sent the head or dropped it, and an answer that ends before its flush ends its connection: nothing
            // sends from the buffer once it is the pool's again.
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static int WriteHead(byte[] scratch, SegmentRequest request, long contentLength, bool keepAlive)
    {
        var connection = keepAlive ? (request.Protocol == "HTTP/1.0" ? "Connection: keep-alive\r\n" : "") : "Connection: close\r\n";
        var written = Utf8.TryWrite(scratch, CultureInfo.InvariantCulture,
            $"{request.Protocol} 200 OK\r\nDate: {DateTimeOffset.UtcNow:r}\r\nContent-Type: {SegmentFormat.ContentType(request.Segment.Format)}\r\nContent-Length: {contentLength}\r\nCache-Control: public, max-age=31536000, immutable\r\nAccess-Control-Allow-Origin: *\r\n{connection}\r\n",
            out var length);
        return written ? length : throw new InvalidOperationException("segment response head exceeds the scratch buffer");
    }
}
