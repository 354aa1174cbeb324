using Airwave.Media;

namespace Airwave.Streaming.Hls;

/// <summary>One HLS media segment of a channel: a run of whole chunks from the rewind buffer, numbered for the channel's whole life.</summary>
/// <param name="Channel">The channel id.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE number; +1 per segment, never reused (persisted).</param>
/// <param name="DiscontinuitySequence">EXT-X-DISCONTINUITY-SEQUENCE in effect at this segment.</param>
/// <param name="FirstSeq">Sequence number of the first chunk.</param>
/// <param name="LastSeq">Sequence number of the last chunk.</param>
/// <param name="StartTicks">UTC ticks of the first chunk's start (EXT-X-PROGRAM-DATE-TIME).</param>
/// <param name="DurationTicks">Sum of the chunks' durations (EXTINF).</param>
/// <param name="Bytes">Payload bytes of the chunks.</param>
/// <param name="Discontinuity">True when the first chunk carries the discontinuity marker (EXT-X-DISCONTINUITY before it).</param>
/// <param name="Format">The codec of every chunk in the segment: it names the segment's extension and content type for its whole life.</param>
public sealed record HlsSegment(
    string Channel,
    long MediaSequence,
    long DiscontinuitySequence,
    long FirstSeq,
    long LastSeq,
    long StartTicks,
    long DurationTicks,
    long Bytes,
    bool Discontinuity,
    AudioFormat Format)
{
    public DateTime StartUtc => new(StartTicks, DateTimeKind.Utc);

    public long EndTicks => StartTicks + DurationTicks;

    public TimeSpan Duration => TimeSpan.FromTicks(DurationTicks);
}
