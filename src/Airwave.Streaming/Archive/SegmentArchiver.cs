using System.Buffers;
using Airwave.Media;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Archive;

/// <summary>Copies every closed segment of channels with the archive enabled out of the rewind buffer and hands it to the archive's writer.</summary>
/// <remarks>Runs on the channel actor's turn: it only copies memory; the disk is the archive's writer task's business.</remarks>
public sealed class SegmentArchiver(IArchive archive, Func<string, ArchiveSettings> settings, ILogger<SegmentArchiver> log) : ISegmentObserver
{
    public void OnSegmentClosed(LiveChannel channel, HlsSegment segment)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(segment);
        if (!settings(channel.Id).Enabled || segment.Format == AudioFormat.Unknown || segment.Bytes <= 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)segment.Bytes);
        var length = Copy(channel.Buffer, segment, buffer);
        if (length < 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            log.LogWarning("segment {MediaSequence} of {Mount} left the rewind buffer before it could be archived", segment.MediaSequence, channel.Settings.Mount);
            return;
        }

        var record = new ArchiveSegmentRecord(
            channel.Id,
            segment.MediaSequence,
            segment.FirstSeq,
            segment.LastSeq,
            segment.StartTicks,
            segment.DurationTicks,
            length,
            segment.Discontinuity,
            ArchivePaths.Relative(channel.Id, segment.StartUtc, segment.MediaSequence, AudioContentTypes.GetFileExtension(segment.Format)));
        archive.TryWrite(new ArchiveSegmentWrite(record, buffer));
    }

    /// <summary>Copies the segment's chunks into <paramref name="target"/>; returns the bytes copied, or -1 when a chunk is gone or was overwritten.</summary>
    private static int Copy(RewindBuffer buffer, HlsSegment segment, byte[] target)
    {
        var length = 0;
        var seq = segment.FirstSeq;
        while (seq <= segment.LastSeq)
        {
            if (buffer.TryRead(seq, out var header, out var payload) != ChunkReadStatus.Available || header.Seq > segment.LastSeq)
            {
                break;
            }

            if (length + payload.Length > target.Length)
            {
                return -1;
            }

            payload.Span.CopyTo(target.AsSpan(length));
            length += payload.Length;
            seq = header.Seq + 1;
        }

        return length > 0 && buffer.IsPayloadIntact(segment.FirstSeq) ? length : -1;
    }
}
