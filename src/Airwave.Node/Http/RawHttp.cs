using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Airwave.Streaming.Listeners;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Airwave.Node.Http;

/// <summary>Writes HTTP answers straight onto a connection, for the requests served before Kestrel's HTTP parser.</summary>
internal static class RawHttp
{
    /// <summary>Writes a complete answer with a plain-text body and <c>Connection: close</c>.</summary>
    public static Task RespondAsync(PipeWriter output, string protocol, int status, string reason, string body, string extraHeaders = "") =>
        WriteAsync(output, Answer(protocol, status, reason, body, extraHeaders));

    /// <summary>A complete answer with a plain-text body and <c>Connection: close</c>, as text.</summary>
    public static string Answer(string protocol, int status, string reason, string body, string extraHeaders = "") =>
        $"{protocol} {status} {reason}\r\nServer: Airwave\r\nContent-Type: text/plain; charset=utf-8\r\n{extraHeaders}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    /// <summary>
    /// Where audio for this connection goes: straight to the socket from the rewind buffer's slabs when there is one (no
    /// copy per listener or request), else through the transport pipe. Its head must go the same way, never through the pipe.
    /// </summary>
    /// <remarks>
    /// A TLS connection keeps its socket feature, but its transport pipe is the decrypted side of the TLS stream: bytes
    /// sent on the socket would go out in plaintext in the middle of the TLS records. Its audio is encrypted through the pipe.
    /// </remarks>
    public static IAudioSink AudioSink(ConnectionContext connection) =>
        connection.Features.Get<ITlsHandshakeFeature>() is null && connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket
            ? new SocketAudioSink(socket)
            : new PipeAudioSink(connection.Transport.Output);

    /// <summary>Writes <paramref name="text"/> as UTF-8 and flushes.</summary>
    public static async Task WriteAsync(PipeWriter output, string text)
    {
        output.Write(Encoding.UTF8.GetBytes(text));
        await output.FlushAsync().ConfigureAwait(false);
    }
}
