using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Relay;

/// <summary>Where a feed starts: after the last chunk a relay holds, or a span behind the live edge for a relay that holds nothing.</summary>
/// <param name="AfterSeq">The relay's last chunk; null when it has none.</param>
/// <param name="Behind">With no <paramref name="AfterSeq"/>: how much history to send before live.</param>
/// <param name="AfterSegment">The relay's newest HLS segment; null when it has none.</param>
public readonly record struct FeedStart(long? AfterSeq, TimeSpan Behind, long? AfterSegment)
{
    /// <summary>The first sequence number to send from <paramref name="buffer"/>.</summary>
    public long FirstSeq(RewindBuffer buffer, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (AfterSeq is { } after)
        {
            return after + 1;
        }

        var found = buffer.FindByTime(nowUtc - Behind);
        return found.Outcome == TimeLookupOutcome.Empty ? buffer.Snapshot().LastSeq + 1 : found.Seq;
    }
}
