using Airwave.Channels;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Channels;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>
/// Per-channel series, read at scrape time from what the channels keep anyway (<see cref="ChannelCounters"/>, the
/// listener registry, the rewind buffer, the relay state): the audio path counts nothing for them.
/// </summary>
/// <remarks>
/// A series carries a channel label only while the channel runs or relays here: the series of a channel that was
/// deleted, moved away or stopped are removed at the next scrape.
/// </remarks>
internal sealed class ChannelMetrics
{
    private static readonly string[] ByChannel = ["channel"];
    private static readonly string[] ByChannelAndOutput = ["channel", "output"];
    private readonly ChannelDirectory channels;
    private readonly TimeProvider clock;
    private readonly Gauge listeners;
    private readonly Counter listenerConnections;
    private readonly Counter bytesSent;
    private readonly Counter bytesReceived;
    private readonly Counter slowListenersDropped;
    private readonly Gauge sourceConnected;
    private readonly Gauge sourceBitrate;
    private readonly Counter sourceConnections;
    private readonly Gauge rewindSeconds;
    private readonly Gauge rewindBytes;
    private readonly Gauge newestSeq;
    private readonly Counter hlsSegmentsServed;
    private readonly Counter listenersRefused;
    private readonly Gauge relayLag;
    private readonly Gauge relayConnected;
    private readonly Counter relayReconnects;

    public ChannelMetrics(IMetricFactory metrics, ChannelDirectory channels, TimeProvider clock)
    {
        this.channels = channels;
        this.clock = clock;
        listeners = metrics.CreateGauge("airwave_listeners", "Listeners connected now, by channel and output: raw and icy stream connections, hls sessions active within three segment durations, archive downloads being sent.", ByChannelAndOutput);
        listenerConnections = metrics.CreateCounter("airwave_listener_connections_total", "Stream listener connections accepted (raw and icy).", ByChannel);
        bytesSent = metrics.CreateCounter("airwave_bytes_sent_total", "Bytes sent to stream listeners (raw and icy, audio and ICY metadata); HLS segments are counted by airwave_hls_segments_served_total.", ByChannel);
        bytesReceived = metrics.CreateCounter("airwave_bytes_received_total", "Audio bytes the channel took in from its source, upstream or owner (relay).", ByChannel);
        slowListenersDropped = metrics.CreateCounter("airwave_slow_listeners_dropped_total", "Listeners dropped for falling more than queue-size behind.", ByChannel);
        sourceConnected = metrics.CreateGauge("airwave_source_connected", "1 while a source (pushed, pulled, looped, transcoder or the owner's feed) is connected, else 0.", ByChannel);
        sourceBitrate = metrics.CreateGauge("airwave_source_bitrate_bytes_per_second", "Bitrate of the stream being served, as framed from the audio, in bytes per second (kbps × 125; 0 before any audio).", ByChannel);
        sourceConnections = metrics.CreateCounter("airwave_source_connections_total", "Sources that attached to the channel.", ByChannel);
        rewindSeconds = metrics.CreateGauge("airwave_rewind_seconds", "Audio held in the channel's rewind buffer, in seconds.", ByChannel);
        rewindBytes = metrics.CreateGauge("airwave_rewind_bytes", "Audio payload held in the channel's rewind buffer, in bytes.", ByChannel);
        newestSeq = metrics.CreateGauge("airwave_channel_newest_seq", "Sequence number of the newest chunk held (-1 when empty); the owner's minus a relay's is the relay's lag in chunks.", ByChannel);
        hlsSegmentsServed = metrics.CreateCounter("airwave_hls_segments_served_total", "Live HLS segments sent (GET, not HEAD).", ByChannel);
        listenersRefused = metrics.CreateCounter("airwave_listeners_refused_total", "Requests of a private channel refused 403 by its allow and deny lists or for a missing, forged or expired listener token.", ByChannel);
        relayLag = metrics.CreateGauge("airwave_relay_lag_seconds", "Relays only, while their feed is open: how far the replica's newest chunk ends behind now on the owner's timeline, in seconds; the owner's own newest chunk is up to one chunk duration behind now, so this is the relay's lag plus at most one chunk.", ByChannel);
        relayConnected = metrics.CreateGauge("airwave_relay_connected", "Relays only: 1 while the feed from the owner is open.", ByChannel);
        relayReconnects = metrics.CreateCounter("airwave_relay_reconnects_total", "Relays only: feed connections that ended other than by idle close.", ByChannel);
    }

    /// <summary>Brings every series up to date; runs before each scrape.</summary>
    public void Update()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var present = new HashSet<string>(StringComparer.Ordinal);
        var relays = new HashSet<string>(StringComparer.Ordinal);
        var feeding = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in channels.All)
        {
            present.Add(channel.Id);
            Read(channel, now);
            if (channel.Relay is { } relay)
            {
                relays.Add(channel.Id);
                // Only while the feed is open: a relay closed for want of listeners falls behind on purpose.
                if (relay.Connected && channel.Buffer.Snapshot() is { IsEmpty: false } held)
                {
                    feeding.Add(channel.Id);
                    relayLag.WithLabels(channel.Id).Set(Math.Max(0, now - held.NewestEndTicks) / (double)TimeSpan.TicksPerSecond);
                }

                relayConnected.WithLabels(channel.Id).Set(relay.Connected ? 1 : 0);
                CounterReading.Set(relayReconnects, relay.Reconnects, channel.Id);
            }
        }

        foreach (var collector in new Collector<Gauge.Child>[] { listeners, sourceConnected, sourceBitrate, rewindSeconds, rewindBytes, newestSeq })
        {
            StaleSeries.RemoveAllBut(collector, present);
        }

        foreach (var collector in new Collector<Counter.Child>[] { listenerConnections, bytesSent, bytesReceived, slowListenersDropped, sourceConnections, hlsSegmentsServed, listenersRefused })
        {
            StaleSeries.RemoveAllBut(collector, present);
        }

        StaleSeries.RemoveAllBut(relayLag, feeding);
        StaleSeries.RemoveAllBut(relayConnected, relays);
        StaleSeries.RemoveAllBut(relayReconnects, relays);
    }

    private void Read(LiveChannel channel, long now)
    {
        var id = channel.Id;
        var counts = ListenerCounts.Of(channel, now);
        listeners.WithLabels(id, ListenerOutput.Raw).Set(counts.Raw);
        listeners.WithLabels(id, ListenerOutput.Icy).Set(counts.Icy);
        listeners.WithLabels(id, ListenerOutput.Hls).Set(counts.Hls);
        listeners.WithLabels(id, ListenerOutput.Download).Set(counts.Download);

        var counters = channel.Counters;
        CounterReading.Set(listenerConnections, counters.ListenerConnections, id);
        CounterReading.Set(bytesSent, counters.BytesOut, id);
        CounterReading.Set(bytesReceived, counters.BytesIn, id);
        CounterReading.Set(slowListenersDropped, counters.SlowListenersDropped, id);
        CounterReading.Set(sourceConnections, counters.SourceConnections, id);
        CounterReading.Set(hlsSegmentsServed, counters.HlsSegmentsServed, id);
        CounterReading.Set(listenersRefused, counters.ListenersRefused, id);

        sourceConnected.WithLabels(id).Set(channel.Source == SourceState.Connected ? 1 : 0);
        sourceBitrate.WithLabels(id).Set((channel.Stream?.BitrateKbps ?? 0) * 125.0);

        var held = channel.Buffer.Snapshot();
        rewindSeconds.WithLabels(id).Set(held.IsEmpty ? 0 : held.Duration.TotalSeconds);
        rewindBytes.WithLabels(id).Set(held.PayloadBytes);
        newestSeq.WithLabels(id).Set(held.IsEmpty ? -1 : held.LastSeq);
    }
}
