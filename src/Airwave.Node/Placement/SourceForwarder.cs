using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using Airwave.Node.Http;
using Airwave.Streaming.Sources;
using Microsoft.AspNetCore.Connections;

namespace Airwave.Node.Placement;

/// <summary>Passes a source connection for a channel another node owns on to that owner, so clients that do not follow redirects (ffmpeg) may push to any master.</summary>
/// <remarks>
/// The owner gets the request head as the client sent it, plus <see cref="ForwardedByHeader"/> and the client's signed
/// address (<see cref="ForwardedClient"/>) right after the request line,
/// then every byte the client sends; the client gets every byte the owner answers (<c>100 Continue</c>, <c>200</c>, 401,
/// 403 "Mountpoint in use"), so authentication and refusals stay the owner's. Both ends close when either side closes
/// or the node shuts down. Bytes move through the connection's pipe buffers and the socket: nothing is allocated per chunk.
/// </remarks>
/// <param name="self">This node's advertise address, named to the owner.</param>
/// <param name="secret">The cluster secret, which signs the client's address (<see cref="ForwardedClient"/>); empty outside a cluster.</param>
/// <param name="log">One line per forwarded source.</param>
/// <param name="shutdown">Cancelled when the node shuts down.</param>
internal sealed class SourceForwarder(string self, string secret, ILogger<SourceForwarder> log, CancellationToken shutdown)
{
    /// <summary>The address a source connected from: the one a forwarding master signed, else the connection's own.</summary>
    public System.Net.IPAddress? ClientOf(SourceRequestHead head, string mount, System.Net.IPAddress? connection) =>
        ForwardedClient.Verify(secret, head.Header(ForwardedClient.Header), mount) ?? connection;

    /// <summary>The header a forwarding node adds; a request carrying it is never forwarded again.</summary>
    public const string ForwardedByHeader = "X-Airwave-Forwarded-By";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel's pool block: owner answers are small, so one block per receive is plenty.</summary>
    private const int ReceiveBufferSize = 4096;

    /// <summary>Forwards <paramref name="client"/> to <paramref name="owner"/> until either side closes, or answers 503 when the owner cannot be reached.</summary>
    /// <param name="client">The source's connection, its request head already read.</param>
    /// <param name="head">The request head exactly as received.</param>
    /// <param name="mount">The mount, for the log.</param>
    /// <param name="owner">The owner's advertise address, <c>host:port</c>.</param>
    /// <param name="protocol">The protocol of this node's own answers (a 503).</param>
    /// <param name="remote">The client, for the log.</param>
    /// <param name="address">The client's address, signed for the owner's allow and deny lists.</param>
    public async Task ForwardAsync(ConnectionContext client, byte[] head, string mount, string owner, string protocol, string remote, System.Net.IPAddress? address)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(client.ConnectionClosed, shutdown);
        var (upstream, failure) = await ConnectAsync(owner, stop.Token).ConfigureAwait(false);
        if (upstream is null)
        {
            if (failure is not null)
            {
                log.LogWarning("source {Remote} on {Mount} not forwarded: owner {Owner} {Failure}", remote, mount, owner, failure);
                await RawHttp.RespondAsync(client.Transport.Output, protocol, 503, "Service Unavailable",
                    $"Mountpoint owner {owner} {failure}\r\n", $"Retry-After: {ChannelRedirect.RetryAfterSeconds}\r\n").ConfigureAwait(false);
            }

            return;
        }

        await using (upstream.ConfigureAwait(false))
        {
            log.LogInformation("source {Remote} on {Mount} forwarded to {Owner}", remote, mount, owner);
            var forwarded = RequestHeadRewriter.InsertHeaderLine(head, ForwardedByHeader, self);
            if (address is not null && secret.Length > 0)
            {
                forwarded = RequestHeadRewriter.InsertHeaderLine(forwarded, ForwardedClient.Header, ForwardedClient.Sign(secret, address, mount));
            }

            var toOwner = CopyToOwnerAsync(forwarded, client.Transport.Input, upstream, stop.Token);
            var toClient = CopyToClientAsync(upstream, client.Transport.Output, stop.Token);
            await Task.WhenAny(toOwner, toClient).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(toOwner, toClient).ConfigureAwait(false);
        }
    }

    /// <summary>A connected stream to <paramref name="owner"/>, or null with why not (no reason when <paramref name="cancellationToken"/> ended the attempt).</summary>
    private static async Task<(NetworkStream? Stream, string? Failure)> ConnectAsync(string owner, CancellationToken cancellationToken)
    {
        var colon = owner.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(owner.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (null, "has no host:port address");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(owner[..colon].Trim('[', ']'), port, timeout.Token).ConfigureAwait(false);
            return (new NetworkStream(socket, ownsSocket: true), null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, $"unreachable: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return (null, cancellationToken.IsCancellationRequested ? null : $"unreachable: no connection within {ConnectTimeout.TotalSeconds:0}s");
        }
    }

    /// <summary>Client to owner: the rewritten head, then the body bytes already buffered and everything after, straight from the pipe's segments.</summary>
    private static async Task CopyToOwnerAsync(byte[] head, PipeReader input, NetworkStream owner, CancellationToken cancellationToken)
    {
        try
        {
            await owner.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (var segment in read.Buffer)
                {
                    await owner.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }

                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Either side closed or the node is shutting down: the caller closes both ends.
        }
    }

    /// <summary>Owner to client: received straight into the connection's output buffer.</summary>
    private static async Task CopyToClientAsync(NetworkStream owner, PipeWriter output, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var received = await owner.ReadAsync(output.GetMemory(ReceiveBufferSize), cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }

                output.Advance(received);
                if ((await output.FlushAsync(cancellationToken).ConfigureAwait(false)).IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Either side closed or the node is shutting down: the caller closes both ends.
        }
    }

    private static bool IsConnectionEnd(Exception e) => e is OperationCanceledException or IOException or SocketException or ObjectDisposedException;
}
