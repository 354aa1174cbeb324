using Airwave.Streaming.Channels;

namespace Airwave.Node.Monitoring;

/// <summary>The highest numbers a channel handed out, as pushed in a <see cref="MetadataDocument"/>.</summary>
/// <param name="Id">The channel.</param>
/// <param name="ChunkSequence">The newest chunk's sequence number; null before the first chunk.</param>
/// <param name="MediaSequence">The newest HLS segment's EXT-X-MEDIA-SEQUENCE; null before the first segment.</param>
/// <param name="DiscontinuitySequence">Its EXT-X-DISCONTINUITY-SEQUENCE; null with <paramref name="MediaSequence"/>.</param>
internal sealed record ChannelSequences(string Id, long? ChunkSequence, long? MediaSequence, long? DiscontinuitySequence)
{
    /// <summary>What <paramref name="channel"/> handed out, or null when it numbered nothing yet.</summary>
    public static ChannelSequences? Of(LiveChannel channel)
    {
        var held = channel.Buffer.Snapshot();
        var segment = channel.Segments.Latest;
        return held.IsEmpty && segment is null
            ? null
            : new ChannelSequences(channel.Id, held.IsEmpty ? null : held.LastSeq, segment?.MediaSequence, segment?.DiscontinuitySequence);
    }
}
