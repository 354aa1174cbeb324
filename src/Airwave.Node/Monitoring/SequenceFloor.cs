using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Monitoring;

/// <summary>
/// Decides how a restore raises a channel's reservations from pushed <see cref="ChannelSequences"/>: above them by one
/// reservation block (the jump a crash makes anyway) plus <see cref="PerSecond"/> numbers for every second since the push,
/// and never lower than what the journal holds.
/// </summary>
/// <remarks>
/// Not the pushed numbers themselves: the channel kept numbering between the push and the loss, and listeners saw those
/// numbers. The document may be old (the receiver was down when the disk died), and when the node was lost is unknown,
/// so the margin counts up to the restore: no counter hands out more than <see cref="PerSecond"/> numbers a second
/// (a chunk holds at least one audio frame, over 10 ms; a segment and a discontinuity each take a chunk). Skipping
/// numbers is harmless; repeating them is not.
/// </remarks>
internal static class SequenceFloor
{
    /// <summary>More numbers than any counter hands out in a second.</summary>
    public const int PerSecond = 100;

    /// <summary>The chunk reservation to write, or null when <paramref name="current"/> already reaches the floor (or nothing was pushed).</summary>
    /// <param name="current">What the journal holds.</param>
    /// <param name="pushed">What the document says.</param>
    /// <param name="sincePush">From the document's push to now.</param>
    public static SequenceReserved? Chunks(SequenceReserved? current, ChannelSequences pushed, TimeSpan sincePush)
    {
        ArgumentNullException.ThrowIfNull(pushed);
        if (pushed.ChunkSequence is not { } newest)
        {
            return null;
        }

        var floor = newest + ChannelSequence.BlockSize + Margin(sincePush);
        return (current?.UpTo ?? -1) >= floor ? null : new SequenceReserved(floor);
    }

    /// <summary>The segment reservation to write, raising each counter that is below its floor and keeping the other; null when neither is.</summary>
    public static SegmentSequenceReserved? Segments(SegmentSequenceReserved? current, ChannelSequences pushed, TimeSpan sincePush)
    {
        ArgumentNullException.ThrowIfNull(pushed);
        if (pushed.MediaSequence is not { } media || pushed.DiscontinuitySequence is not { } discontinuity)
        {
            return null;
        }

        var (mediaUpTo, discontinuityUpTo) = current is null ? (-1L, -1L) : (current.MediaUpTo, current.DiscontinuityUpTo);
        var margin = Margin(sincePush);
        var raised = new SegmentSequenceReserved(
            Math.Max(mediaUpTo, media + SegmentSequence.MediaBlockSize + margin),
            Math.Max(discontinuityUpTo, discontinuity + SegmentSequence.DiscontinuityBlockSize + margin));
        return raised.MediaUpTo == mediaUpTo && raised.DiscontinuityUpTo == discontinuityUpTo ? null : raised;
    }

    /// <summary>Numbers a counter may have handed out in <paramref name="sincePush"/>; none for a push "in the future" (another node's clock).</summary>
    private static long Margin(TimeSpan sincePush) =>
        sincePush <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(sincePush.TotalSeconds * PerSecond);
}
