using System.Buffers;
using Akka.IO;

namespace Airwave.Channels.Ingest;

/// <summary>A stage's pooled buffer of bytes received and not yet consumed: a frame or metadata block cut between two reads waits here for its rest.</summary>
/// <remarks>Bytes are copied in once; the unread part is moved to the front only when a new read would not fit behind it.</remarks>
internal sealed class CarryBuffer : IDisposable
{
    private byte[] bytes = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int start;
    private int end;

    /// <summary>The bytes not consumed yet; valid until the next <see cref="Append"/>.</summary>
    public ReadOnlySequence<byte> Unread => new(bytes, start, end - start);

    /// <summary>Adds a read's bytes behind the unread ones, growing the buffer when they do not fit.</summary>
    public void Append(ByteString read)
    {
        var pending = end - start;
        if (end + read.Count > bytes.Length)
        {
            var target = pending + read.Count <= bytes.Length ? bytes : ArrayPool<byte>.Shared.Rent(Math.Max(pending + read.Count, bytes.Length * 2));
            bytes.AsSpan(start, pending).CopyTo(target);
            if (!ReferenceEquals(target, bytes))
            {
                ArrayPool<byte>.Shared.Return(bytes);
                bytes = target;
            }

            start = 0;
            end = pending;
        }

        var free = bytes.AsSpan(end, read.Count);
        read.CopyTo(ref free);
        end += read.Count;
    }

    /// <summary>Consumes all but the last <paramref name="unread"/> bytes (what a parser left of <see cref="Unread"/>).</summary>
    public void Keep(long unread) => start = end - (int)unread;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(bytes);
        bytes = [];
    }
}
