using System.Buffers;
using System.Buffers.Binary;
using Airwave.Media;
using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Rewind;

/// <summary>Refills a rewind buffer from a dump at start-up, keeping every chunk that is intact and still recent enough.</summary>
/// <remarks>
/// Bad bytes never throw: a damaged chunk payload is skipped, a damaged record header or a cut-off file stops the
/// restore with what was read so far, and the report says which. Only a dump of an unknown format version throws
/// <see cref="RewindDumpFormatException"/>. Run on the buffer's writer thread before it appends anything else.
/// </remarks>
public static class RewindDumpRestorer
{
    /// <summary>Appends the dump's chunks to <paramref name="buffer"/>, dropping those that ended before <paramref name="nowUtc"/> minus the max duration.</summary>
    public static async Task<RewindRestoreReport> RestoreAsync(Stream source, RewindBuffer buffer, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(buffer);
        var oldestKeptEnd = nowUtc.ToUniversalTime().Ticks - buffer.MaxDuration.Ticks;
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long restored = 0, expired = 0, corrupt = 0, outOfOrder = 0;
        RewindRestoreReport Report(bool complete, string? problem) => new(restored, expired, corrupt, outOfOrder, complete, problem);
        try
        {
            var header = scratch.AsMemory(0, RewindDumpFormat.FileHeaderSize);
            if (await ReadFullyAsync(source, header, cancellationToken).ConfigureAwait(false) < header.Length)
            {
                return Report(false, "The file is shorter than a dump header.");
            }

            if (RewindDumpFormat.Tag(header.Span) != RewindDumpFormat.FileMagic)
            {
                return Report(false, "The file is not a rewind dump (bad magic).");
            }

            if (!RewindDumpFormat.HasValidChecksum(header.Span))
            {
                return Report(false, "The dump header is damaged (checksum mismatch).");
            }

            var version = BinaryPrimitives.ReadUInt16LittleEndian(header.Span[4..]);
            if (version is < RewindDumpFormat.OldestReadableVersion or > RewindDumpFormat.Version)
            {
                throw new RewindDumpFormatException(
                    $"Rewind dump format version {version} is not supported; this build reads versions {RewindDumpFormat.OldestReadableVersion} to {RewindDumpFormat.Version}.");
            }

            while (true)
            {
                var tagBytes = scratch.AsMemory(0, 4);
                var tagRead = await ReadFullyAsync(source, tagBytes, cancellationToken).ConfigureAwait(false);
                if (tagRead < 4)
                {
                    return Report(false, $"The dump is cut off after {restored + expired + corrupt + outOfOrder} chunks (no end record).");
                }

                var tag = RewindDumpFormat.Tag(tagBytes.Span);
                if (tag == RewindDumpFormat.EndTag)
                {
                    var end = scratch.AsMemory(0, RewindDumpFormat.EndRecordSize);
                    if (await ReadFullyAsync(source, end[4..], cancellationToken).ConfigureAwait(false) < end.Length - 4 || !RewindDumpFormat.HasValidChecksum(end.Span))
                    {
                        return Report(false, "The end record is damaged.");
                    }

                    var count = BinaryPrimitives.ReadInt64LittleEndian(end.Span[4..]);
                    var seen = restored + expired + corrupt + outOfOrder;
                    return count == seen && corrupt == 0
                        ? Report(true, null)
                        : Report(false, count == seen ? $"{corrupt} chunks had damaged payloads." : $"The end record counts {count} chunks but {seen} were read.");
                }

                if (tag != RewindDumpFormat.ChunkTag)
                {
                    return Report(false, "An unknown record was found; the rest of the dump is unreadable.");
                }

                var record = scratch.AsMemory(0, RewindDumpFormat.ChunkRecordSize);
                if (await ReadFullyAsync(source, record[4..], cancellationToken).ConfigureAwait(false) < record.Length - 4)
                {
                    return Report(false, "The dump is cut off inside a chunk record.");
                }

                if (!RewindDumpFormat.HasValidChecksum(record.Span))
                {
                    return Report(false, "A chunk record header is damaged; the rest of the dump is unreadable.");
                }

                var fields = record.Span;
                var length = BinaryPrimitives.ReadInt32LittleEndian(fields[36..]);
                var payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(fields[40..]);
                if (!TryReadHeader(fields, length, out var chunk))
                {
                    return Report(false, "A chunk record holds impossible values; the rest of the dump is unreadable.");
                }

                if (scratch.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                    scratch = ArrayPool<byte>.Shared.Rent(length);
                }

                var payload = scratch.AsMemory(0, length);
                if (await ReadFullyAsync(source, payload, cancellationToken).ConfigureAwait(false) < length)
                {
                    return Report(false, "The dump is cut off inside a chunk payload.");
                }

                if (Crc32C.Compute(payload.Span) != payloadCrc)
                {
                    corrupt++;
                }
                else if (chunk.EndTicks <= oldestKeptEnd)
                {
                    expired++;
                }
                else if (TryAppend(buffer, WithFormat(chunk, payload), payload.Span))
                {
                    restored++;
                }
                else
                {
                    outOfOrder++;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> fields, int length, out ChunkHeader header)
    {
        var seq = BinaryPrimitives.ReadInt64LittleEndian(fields[4..]);
        var start = BinaryPrimitives.ReadInt64LittleEndian(fields[12..]);
        var duration = BinaryPrimitives.ReadInt64LittleEndian(fields[20..]);
        if (seq < 0 || start < 0 || duration < 0 || start > DateTime.MaxValue.Ticks - duration || length < 0 || length > RewindDumpFormat.MaxPayloadLength)
        {
            header = default;
            return false;
        }

        var markers = (ChunkMarkers)BinaryPrimitives.ReadUInt16LittleEndian(fields[28..]);
        var format = (AudioFormat)fields[30];
        var metadataVersion = BinaryPrimitives.ReadInt32LittleEndian(fields[32..]);
        header = new ChunkHeader(seq, start, duration, markers, metadataVersion, length, format);
        return true;
    }

    /// <summary>A version 1 dump recorded no format (it reads as unknown): the payload tells.</summary>
    private static ChunkHeader WithFormat(in ChunkHeader chunk, ReadOnlyMemory<byte> payload) => chunk.Format != AudioFormat.Unknown
        ? chunk
        : new ChunkHeader(chunk.Seq, chunk.StartTicks, chunk.DurationTicks, chunk.Markers, chunk.MetadataVersion, chunk.PayloadLength, AudioFormatDetector.Detect(payload));

    private static bool TryAppend(RewindBuffer buffer, in ChunkHeader header, ReadOnlySpan<byte> payload)
    {
        try
        {
            buffer.Append(header, payload);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream source, Memory<byte> target, CancellationToken cancellationToken) =>
        await source.ReadAtLeastAsync(target, target.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
