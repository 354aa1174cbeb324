using Airwave.Streaming.Analytics;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Metrics;

/// <summary>A channel's listeners now by <see cref="ListenerOutput"/>: what <c>airwave_listeners</c> and the monitoring push report.</summary>
/// <param name="Raw">Stream connections without ICY metadata (time-shifted ones too).</param>
/// <param name="Icy">Stream connections with ICY metadata.</param>
/// <param name="Hls">HLS sessions active within three segment durations.</param>
/// <param name="Download">Archive clips and DRR files being sent.</param>
internal sealed record ListenerCounts(int Raw, int Icy, int Hls, int Download)
{
    public int Total => Raw + Icy + Hls + Download;

    /// <summary>The counts of <paramref name="channel"/> at <paramref name="nowTicks"/> (UTC ticks, for the HLS sessions' activity).</summary>
    public static ListenerCounts Of(LiveChannel channel, long nowTicks)
    {
        var icy = channel.Listeners.IcyCount;
        return new ListenerCounts(
            Math.Max(0, channel.Listeners.Count - icy), icy, channel.HlsSessions.Active(nowTicks), channel.Counters.Downloads);
    }

    public ListenerCounts Add(ListenerCounts other) => new(Raw + other.Raw, Icy + other.Icy, Hls + other.Hls, Download + other.Download);
}
