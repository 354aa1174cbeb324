using System.IO.Pipelines;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Clips;

/// <summary>Sends a planned clip, or a byte range of it, as fast as the client reads: archived pieces from their files, the rest from the rewind buffer.</summary>
public sealed class ClipWriter(IArchive? archive)
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Writes bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) of <paramref name="plan"/>.</summary>
    /// <exception cref="IOException">A piece left the buffer or the archive while the clip was being sent; the response is incomplete.</exception>
    public async Task WriteAsync(ClipPlan plan, RewindBuffer buffer, PipeWriter output, long offset, long count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var piece in plan.Pieces)
        {
            if (count <= 0)
            {
                break;
            }

            if (offset >= piece.Length)
            {
                offset -= piece.Length;
                continue;
            }

            var take = Math.Min(count, piece.Length - offset);
            if (piece.Segment is { } segment)
            {
                await CopyFileAsync(segment, piece.Offset + offset, take, output, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CopyChunkAsync(buffer, piece.Seq, (int)(piece.Offset + offset), (int)take, output, cancellationToken).ConfigureAwait(false);
            }

            count -= take;
            offset = 0;
        }
    }

    private async Task CopyFileAsync(Persistence.Archive.ArchiveSegmentRecord segment, long position, long count, PipeWriter output, CancellationToken cancellationToken)
    {
        var file = archive?.OpenRead(segment) ?? throw new IOException($"archived segment {segment.Path} is not reachable");
        await using (file.ConfigureAwait(false))
        {
            file.Position = position;
            while (count > 0)
            {
                var block = output.GetMemory((int)Math.Min(count, BlockSize));
                var read = await file.ReadAsync(block[..(int)Math.Min(count, block.Length)], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"archived segment {segment.Path} is shorter than indexed");
                }

                output.Advance(read);
                count -= read;
                var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    throw new OperationCanceledException("the client went away");
                }
            }
        }
    }

    private static async Task CopyChunkAsync(RewindBuffer buffer, long seq, int position, int count, PipeWriter output, CancellationToken cancellationToken)
    {
        if (buffer.TryRead(seq, out var header, out var payload) != ChunkReadStatus.Available || header.Seq != seq)
        {
            throw new IOException($"chunk {seq} left the rewind buffer while the clip was sent");
        }

        payload.Span.Slice(position, count).CopyTo(output.GetSpan(count));
        if (!buffer.IsPayloadIntact(seq))
        {
            throw new IOException($"chunk {seq} was overwritten while the clip was sent");
        }

        output.Advance(count);
        var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCanceled || flushed.IsCompleted)
        {
            throw new OperationCanceledException("the client went away");
        }
    }
}
