using Airwave.Streaming.Channels;

namespace Airwave.Streaming.Hls;

/// <summary>Told about every segment a channel closes, in order (the archive writes them to disk).</summary>
/// <remarks>
/// Called on the channel actor's turn: return quickly and do slow work elsewhere. Segments re-indexed at start from a
/// restored rewind dump were reported before the restart and are not reported again.
/// </remarks>
public interface ISegmentObserver
{
    void OnSegmentClosed(LiveChannel channel, HlsSegment segment);
}
