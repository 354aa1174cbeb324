using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Airwave.Node.Http;
using Airwave.Streaming.Listeners;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Icecast;

/// <summary>A listener answered on the raw connection the Icecast way: an <c>HTTP/1.0</c> head, then audio until the connection closes.</summary>
/// <param name="audio">Where every byte of the answer goes: the socket itself, or the pipe of a TLS connection.</param>
/// <param name="socket">The listener's socket, to cap its send buffer (under TLS too, where the bytes still go through the pipe); null when there is none.</param>
/// <param name="abort">Drops the connection without a graceful end.</param>
/// <param name="aborted">Cancelled when the listener goes away.</param>
internal sealed class RawListenerTransport(IAudioSink audio, Socket? socket, Action abort, CancellationToken aborted) : IListenerTransport
{
    public CancellationToken Aborted => aborted;

    public IAudioSink Audio => audio;

    public Socket? Socket => socket;

    /// <remarks>A listener gone before its refusal arrives needs telling nothing: a failed send is not an error here.</remarks>
    public async Task RefuseAsync(int status, string message)
    {
        audio.Write(Encoding.UTF8.GetBytes(RawHttp.Answer("HTTP/1.0", status, ReasonPhrases.GetReasonPhrase(status), message + "\n", "Cache-Control: no-cache\r\n")));
        await audio.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken)
    {
        var bytes = new ArrayBufferWriter<byte>(1024);
        bytes.Write("HTTP/1.0 200 OK\r\nServer: Airwave\r\n"u8);
        foreach (var (name, value) in head.Fields())
        {
            WriteField(bytes, name);
            bytes.Write(": "u8);
            WriteField(bytes, value);
            bytes.Write("\r\n"u8);
        }

        bytes.Write("Connection: close\r\n\r\n"u8);
        return SendAsync(bytes.WrittenMemory, cancellationToken);
    }

    public void Abort() => abort();

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        audio.Write(bytes);
        var flushed = audio.TryFlush();
        if (flushed == FlushOutcome.Gone || (flushed == FlushOutcome.Pending && !await audio.FlushAsync(cancellationToken).ConfigureAwait(false)))
        {
            throw new IOException("the listener went away during the response head");
        }
    }

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
