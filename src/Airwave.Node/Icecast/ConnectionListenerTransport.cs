using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Airwave.Node.Http;
using Airwave.Streaming.Listeners;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Icecast;

/// <summary>A listener answered on the raw connection the Icecast way: an <c>HTTP/1.0</c> head, then audio until the connection closes.</summary>
internal sealed class ConnectionListenerTransport(ConnectionContext connection) : IListenerTransport
{
    private const string Protocol = "HTTP/1.0";
    private IAudioSink? audio;

    public CancellationToken Aborted => connection.ConnectionClosed;

    public IAudioSink Audio => audio ??= RawHttp.AudioSink(connection);

    public Socket? Socket => connection.Features.Get<IConnectionSocketFeature>()?.Socket;

    private PipeWriter Output => connection.Transport.Output;

    public Task RefuseAsync(int status, string message) =>
        RawHttp.RespondAsync(Output, Protocol, status, ReasonPhrases.GetReasonPhrase(status), message + "\n", "Cache-Control: no-cache\r\n");

    public async Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken)
    {
        var bytes = new ArrayBufferWriter<byte>(1024);
        bytes.Write("HTTP/1.0 200 OK\r\nServer: Airwave\r\n"u8);
        foreach (var (name, value) in head.Fields)
        {
            WriteField(bytes, name);
            bytes.Write(": "u8);
            WriteField(bytes, value);
            bytes.Write("\r\n"u8);
        }

        bytes.Write("Connection: close\r\n\r\n"u8);
        Audio.Write(bytes.WrittenMemory);
        if (!await Audio.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new IOException("the listener went away during the response head");
        }
    }

    public void Abort() => connection.Abort();

    /// <summary>Writes UTF-8, with control characters blanked so a stream name can never split the head.</summary>
    private static void WriteField(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, span);
        foreach (ref var b in span[..length])
        {
            if (b < 0x20)
            {
                b = (byte)' ';
            }
        }

        output.Advance(length);
    }
}
