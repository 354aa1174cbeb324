using System.Buffers;

namespace Airwave.Streaming.Rewind;

/// <summary>Writes a rewind buffer to a stream (StreamMachine's dump) while the channel keeps appending.</summary>
/// <remarks>
/// The dump never holds up the writer: it fixes its extent from one <see cref="RewindBuffer.Snapshot"/>, then reads
/// chunk by chunk like any listener, copying each payload into its own buffer and keeping the copy only if
/// <see cref="RewindBuffer.IsPayloadIntact"/> confirms it. Chunks evicted while it runs are left out and counted.
/// Call from any thread except the writer's.
/// </remarks>
public static class RewindDumpWriter
{
    /// <summary>Writes every chunk held at the time of the call, oldest first, then an end record.</summary>
    public static async Task<RewindDumpSummary> WriteAsync(RewindBuffer buffer, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(destination);
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            RewindDumpFormat.WriteFileHeader(scratch, buffer.MaxDuration);
            await destination.WriteAsync(scratch.AsMemory(0, RewindDumpFormat.FileHeaderSize), cancellationToken).ConfigureAwait(false);
            long chunks = 0, bytes = RewindDumpFormat.FileHeaderSize, skipped = 0;
            var extent = buffer.Snapshot();
            var seq = extent.FirstSeq;
            while (!extent.IsEmpty && seq <= extent.LastSeq)
            {
                var status = buffer.TryRead(seq, out var header, out var payload);
                if (status == ChunkReadStatus.Evicted)
                {
                    var oldest = buffer.Snapshot();
                    var resume = oldest.IsEmpty ? extent.LastSeq + 1 : oldest.FirstSeq;
                    skipped += Math.Min(resume, extent.LastSeq + 1) - seq;
                    seq = resume;
                    continue;
                }

                if (status == ChunkReadStatus.NotYetAvailable || header.Seq > extent.LastSeq)
                {
                    break;
                }

                var recordLength = RewindDumpFormat.ChunkRecordSize + header.PayloadLength;
                if (scratch.Length < recordLength)
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                    scratch = ArrayPool<byte>.Shared.Rent(recordLength);
                }

                var copy = scratch.AsSpan(RewindDumpFormat.ChunkRecordSize, header.PayloadLength);
                payload.Span.CopyTo(copy);
                if (!buffer.IsPayloadIntact(header.Seq))
                {
                    continue;
                }

                RewindDumpFormat.WriteChunkRecord(scratch, header, copy);
                await destination.WriteAsync(scratch.AsMemory(0, recordLength), cancellationToken).ConfigureAwait(false);
                chunks++;
                bytes += recordLength;
                seq = header.Seq + 1;
            }

            RewindDumpFormat.WriteEndRecord(scratch, chunks);
            await destination.WriteAsync(scratch.AsMemory(0, RewindDumpFormat.EndRecordSize), cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new RewindDumpSummary(chunks, bytes + RewindDumpFormat.EndRecordSize, skipped);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
