namespace Airwave.Streaming.Hls;

/// <summary>Akka.Persistence event: the channel may number HLS segments up to <paramref name="MediaUpTo"/> and discontinuities up to <paramref name="DiscontinuityUpTo"/> without writing again.</summary>
public sealed record SegmentSequenceReserved(long MediaUpTo, long DiscontinuityUpTo);
