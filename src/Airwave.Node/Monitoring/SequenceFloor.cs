using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Monitoring;

/// <summary>
/// Decides how a restore raises a channel's reservations from pushed <see cref="ChannelSequences"/>: to one reservation
/// block above them, the jump a crash makes anyway, and never lower than what the journal holds.
/// </summary>
/// <remarks>
/// A block above, not the pushed numbers themselves: the channel kept numbering between the last push and the loss,
/// up to a metadata interval's worth, and those numbers were seen by listeners. A block (1,000 chunks, 1,000 segments,
/// 100 discontinuities) is more than a channel numbers in <see cref="MonitoringSettings.MaxMetadataInterval"/>.
/// </remarks>
internal static class SequenceFloor
{
    /// <summary>The chunk reservation to write, or null when <paramref name="current"/> already reaches the floor (or nothing was pushed).</summary>
    public static SequenceReserved? Chunks(SequenceReserved? current, ChannelSequences pushed)
    {
        if (pushed.ChunkSequence is not { } newest)
        {
            return null;
        }

        var floor = newest + ChannelSequence.BlockSize;
        return (current?.UpTo ?? -1) >= floor ? null : new SequenceReserved(floor);
    }

    /// <summary>The segment reservation to write, raising each counter that is below its floor and keeping the other; null when neither is.</summary>
    public static SegmentSequenceReserved? Segments(SegmentSequenceReserved? current, ChannelSequences pushed)
    {
        if (pushed.MediaSequence is not { } media || pushed.DiscontinuitySequence is not { } discontinuity)
        {
            return null;
        }

        var (mediaUpTo, discontinuityUpTo) = current is null ? (-1L, -1L) : (current.MediaUpTo, current.DiscontinuityUpTo);
        var raised = new SegmentSequenceReserved(
            Math.Max(mediaUpTo, media + SegmentSequence.MediaBlockSize), Math.Max(discontinuityUpTo, discontinuity + SegmentSequence.DiscontinuityBlockSize));
        return raised.MediaUpTo == mediaUpTo && raised.DiscontinuityUpTo == discontinuityUpTo ? null : raised;
    }
}
