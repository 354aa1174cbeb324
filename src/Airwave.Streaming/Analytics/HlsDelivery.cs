using Airwave.Persistence.Archive;
using Airwave.Streaming.Hls;

namespace Airwave.Streaming.Analytics;

/// <summary>What the analytics learn of an HLS segment sent to a player: live from the rewind buffer or from the archive, numbered alike.</summary>
/// <param name="Channel">The channel id.</param>
/// <param name="MediaSequence">Its media sequence number.</param>
/// <param name="StartUtc">When its audio began.</param>
/// <param name="Duration">How long it plays.</param>
/// <param name="Bytes">Its payload bytes.</param>
public readonly record struct HlsDelivery(string Channel, long MediaSequence, DateTime StartUtc, TimeSpan Duration, long Bytes)
{
    public static HlsDelivery Of(HlsSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new(segment.Channel, segment.MediaSequence, segment.StartUtc, segment.Duration, segment.Bytes);
    }

    public static HlsDelivery Of(ArchiveSegmentRecord segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new(segment.Channel, segment.MediaSequence, new DateTime(segment.StartTicks, DateTimeKind.Utc), TimeSpan.FromTicks(segment.DurationTicks), segment.Bytes);
    }
}
