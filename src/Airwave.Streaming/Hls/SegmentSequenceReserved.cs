namespace Airwave.Streaming.Hls;

/// <summary>Journal event: the channel may number HLS segments up to <paramref name="MediaUpTo"/> and discontinuities up to <paramref name="DiscontinuityUpTo"/> without writing again.</summary>
public sealed record SegmentSequenceReserved(long MediaUpTo, long DiscontinuityUpTo)
{
    public const string Manifest = "channel.segment-sequence-reserved.v1";
}
