using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Endpoints;

/// <summary>A listener answered on the raw connection the Icecast way: an <c>HTTP/1.0</c> head, then audio until the connection closes.</summary>
internal sealed class ConnectionListenerTransport(ConnectionContext connection) : IListenerTransport
{
    private const string Protocol = "HTTP/1.0";

    public CancellationToken Aborted => connection.ConnectionClosed;

    public PipeWriter Output => connection.Transport.Output;

    public Socket? Socket => connection.Features.Get<IConnectionSocketFeature>()?.Socket;

    public Task RefuseAsync(int status, string message) =>
        RawHttp.RespondAsync(Output, Protocol, status, ReasonPhrases.GetReasonPhrase(status), message + "\n", "Cache-Control: no-cache\r\n");

    public async Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken)
    {
        var output = Output;
        output.Write("HTTP/1.0 200 OK\r\nServer: Airwave\r\n"u8);
        foreach (var (name, value) in head.Fields)
        {
            WriteField(output, name);
            output.Write(": "u8);
            WriteField(output, value);
            output.Write("\r\n"u8);
        }

        output.Write("Connection: close\r\n\r\n"u8);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Abort() => connection.Abort();

    /// <summary>Writes UTF-8, with control characters blanked so a stream name can never split the head.</summary>
    private static void WriteField(PipeWriter output, string text)
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
