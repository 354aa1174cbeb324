using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Airwave.Node.Http;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Node.Icecast;

/// <summary>A listener answered on the raw connection the Icecast way: an <c>HTTP/1.0</c> head, then audio until the connection closes.</summary>
/// <param name="audio">Where every byte of the answer goes: the socket itself, or the pipe of a TLS connection.</param>
/// <param name="socket">The listener's socket, to cap its send buffer (under TLS too, where the bytes still go through the pipe); null when there is none.</param>
/// <param name="abort">Drops the connection without a graceful end; null when aborting <paramref name="audio"/> does (a socket's sink shuts the socket down), which saves a listener the delegate.</param>
/// <param name="hangUps">
/// The watch over <paramref name="socket"/> that cancels <paramref name="aborted"/>, which then ends a streaming listener's
/// handle itself: no registration per listener for as long as it streams. Null when the connection cancels the token (TLS).
/// </param>
/// <param name="aborted">Cancelled when the listener goes away.</param>
internal sealed class RawListenerTransport(IAudioSink audio, Socket? socket, Action? abort, HangUpWatch? hangUps, CancellationToken aborted) : IListenerTransport
{
    private static ReadOnlySpan<byte> StatusLine => "HTTP/1.0 200 OK\r\nServer: Airwave\r\n"u8;

    private static ReadOnlySpan<byte> Closing => "Connection: close\r\n\r\n"u8;

    public CancellationToken Aborted => aborted;

    public CancellationTokenRegistration EndWhenGone(ListenerHandle handle)
    {
        if (hangUps is null || socket is null)
        {
            return handle.EndWith(aborted);
        }

        hangUps.EndOnHangUp(socket, handle);
        return default;
    }

    public IAudioSink Audio => audio;

    public Socket? Socket => socket;

    /// <remarks>A listener gone before its refusal arrives needs telling nothing: a failed send is not an error here.</remarks>
    public async Task RefuseAsync(int status, string message)
    {
        audio.Write(Encoding.UTF8.GetBytes(RawHttp.Answer("HTTP/1.0", status, ReasonPhrases.GetReasonPhrase(status), message + "\n", "Cache-Control: no-cache\r\n")));
        await audio.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <remarks>Written into a pooled buffer sized for the worst case and returned once sent: no head's bytes are garbage.</remarks>
    public async Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken)
    {
        var fields = head.Fields();
        var most = StatusLine.Length + Closing.Length;
        foreach (var (name, value) in fields)
        {
            most += Encoding.UTF8.GetMaxByteCount(name.Length) + Encoding.UTF8.GetMaxByteCount(value.Length) + 4;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            var length = Write(buffer, StatusLine);
            foreach (var (name, value) in fields)
            {
                length += WriteField(buffer.AsSpan(length), name);
                length += Write(buffer.AsSpan(length), ": "u8);
                length += WriteField(buffer.AsSpan(length), value);
                length += Write(buffer.AsSpan(length), "\r\n"u8);
            }

            length += Write(buffer.AsSpan(length), Closing);
            await SendAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Abort()
    {
        if (abort is null)
        {
            audio.Abort();
        }
        else
        {
            abort();
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        audio.Write(bytes);
        var flushed = audio.TryFlush();
        if (flushed == FlushOutcome.Gone || (flushed == FlushOutcome.Pending && !await audio.FlushAsync(cancellationToken).ConfigureAwait(false)))
        {
            throw new IOException("the listener went away during the response head");
        }
    }

    private static int Write(Span<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output);
        return bytes.Length;
    }

    /// <summary>Writes UTF-8, with control characters blanked so a stream name can never split the head; returns its length.</summary>
    private static int WriteField(Span<byte> output, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, output);
        foreach (ref var b in output[..length])
        {
            if (b < 0x20)
            {
                b = (byte)' ';
            }
        }

        return length;
    }
}
