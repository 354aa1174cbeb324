namespace Airwave.Persistence.Archive;

/// <summary>One archived segment as the index knows it: which chunks, when, how long, how big and where its file is.</summary>
/// <param name="Channel">The channel id.</param>
/// <param name="MediaSequence">The segment's HLS media sequence number (unique per channel).</param>
/// <param name="FirstSeq">Sequence number of its first chunk.</param>
/// <param name="LastSeq">Sequence number of its last chunk.</param>
/// <param name="StartTicks">UTC start as DateTime ticks.</param>
/// <param name="DurationTicks">Duration in ticks, from the samples.</param>
/// <param name="Bytes">File length in bytes.</param>
/// <param name="Discontinuity">True when the segment does not continue the previous one seamlessly.</param>
/// <param name="Path">Path of the file relative to the archive root, with forward slashes.</param>
public sealed record ArchiveSegmentRecord(
    string Channel,
    long MediaSequence,
    long FirstSeq,
    long LastSeq,
    long StartTicks,
    long DurationTicks,
    long Bytes,
    bool Discontinuity,
    string Path)
{
    public long EndTicks => StartTicks + DurationTicks;

    public DateTime StartUtc => new(StartTicks, DateTimeKind.Utc);

    public DateTime EndUtc => new(EndTicks, DateTimeKind.Utc);
}
