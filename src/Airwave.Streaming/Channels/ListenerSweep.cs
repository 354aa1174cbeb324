using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Channels;

/// <summary>Drops the listeners of a channel that fell more than its queue size behind live (Icecast's queue-size rule).</summary>
public static class ListenerSweep
{
    /// <summary>Drops the laggards of <paramref name="channel"/> at <paramref name="nowTicks"/>; returns how many.</summary>
    public static int DropLaggards(LiveChannel channel, long nowTicks, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty || channel.Stream is not { BitrateKbps: > 0 } stream)
        {
            return 0;
        }

        // A listener at the live edge is held back by up to a send interval by design: that is not falling behind.
        var maxLag = TimeSpan.FromSeconds(channel.Settings.QueueSize * 8.0 / (stream.BitrateKbps * 1000.0)) + channel.Settings.SendInterval;
        var dropped = channel.Listeners.DropLaggards(nowTicks, held.NewestEndTicks, maxLag);
        for (var i = 0; i < dropped; i++)
        {
            channel.Counters.SlowListenerDropped();
        }

        if (dropped > 0)
        {
            log.LogInformation("dropped {Count} listeners of {Mount} that fell more than queue-size behind", dropped, channel.Settings.Mount);
        }

        return dropped;
    }
}
