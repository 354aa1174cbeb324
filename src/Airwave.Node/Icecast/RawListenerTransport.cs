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

    /// <remarks>Written into a pooled buffer, returned once sent: no head's bytes are garbage.</remarks>
    public async Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken)
    {
        var bytes = new HeadBytes(ArrayPool<byte>.Shared.Rent(HeadBytes.Typical));
        try
        {
            bytes.Append(StatusLine);
            head.WriteFields(ref bytes);
            bytes.Append(Closing);
            await SendAsync(bytes.Written, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            bytes.Return();
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

    /// <summary>A head being written into a pooled array, which is swapped for a larger one when a field does not fit.</summary>
    private struct HeadBytes(byte[] rented) : IHeadFields
    {
        /// <summary>A listener's head is about 600 bytes; long stream names or descriptions take a larger array.</summary>
        public const int Typical = 1024;

        private byte[] bytes = rented;
        private int length;

        public readonly ReadOnlyMemory<byte> Written => bytes.AsMemory(0, length);

        public void Add(string name, string value) => Add(name, value.AsSpan());

        public void Add(string name, ReadOnlySpan<char> value)
        {
            Reserve(Encoding.UTF8.GetMaxByteCount(name.Length) + Encoding.UTF8.GetMaxByteCount(value.Length) + 4);
            length += WriteText(bytes.AsSpan(length), name);
            Append(": "u8);
            length += WriteText(bytes.AsSpan(length), value);
            Append("\r\n"u8);
        }

        public void Append(ReadOnlySpan<byte> raw)
        {
            Reserve(raw.Length);
            raw.CopyTo(bytes.AsSpan(length));
            length += raw.Length;
        }

        public readonly void Return() => ArrayPool<byte>.Shared.Return(bytes);

        private void Reserve(int more)
        {
            if (length + more <= bytes.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * bytes.Length, length + more));
            bytes.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = larger;
        }

        /// <summary>Writes UTF-8, with control characters blanked so a stream name can never split the head; returns its length.</summary>
        private static int WriteText(Span<byte> output, ReadOnlySpan<char> text)
        {
            var written = Encoding.UTF8.GetBytes(text, output);
            foreach (ref var b in output[..written])
            {
                if (b < 0x20)
                {
                    b = (byte)' ';
                }
            }

            return written;
        }
    }
}
