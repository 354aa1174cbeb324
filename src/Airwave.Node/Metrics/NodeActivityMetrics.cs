using Airwave.Node.Hosting;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>Node-wide totals read at scrape time: session resumes, ffmpeg processes, Akka's dead letters.</summary>
internal sealed class NodeActivityMetrics
{
    private readonly NodeRuntime node;
    private readonly Counter resumes;
    private readonly Gauge transcoders;
    private readonly Gauge transcoderLimit;
    private readonly Counter deadLetters;

    public NodeActivityMetrics(IMetricFactory metrics, NodeRuntime node)
    {
        this.node = node;
        resumes = metrics.CreateCounter("airwave_session_resumes_total", "Listener connections that resumed a session (after a reconnect, a drain or a node change) since the node started.");
        transcoders = metrics.CreateGauge("airwave_transcoder_processes", "ffmpeg processes running now (renditions and on-demand transcode sessions).");
        transcoderLimit = metrics.CreateGauge("airwave_transcoder_processes_max", "airwave.transcoding.max-processes: ffmpeg processes the node may run at once.");
        deadLetters = metrics.CreateCounter("airwave_akka_dead_letters_total", "Messages Akka could not deliver since the node started.");
    }

    /// <summary>Brings every series up to date; runs before each scrape.</summary>
    public void Update()
    {
        CounterReading.Set(resumes, node.Sessions.Resumed);
        var slots = node.Channels.Transcoders.Slots;
        transcoders.Set(slots.InUse);
        transcoderLimit.Set(slots.Max);
        CounterReading.Set(deadLetters, node.DeadLetters.Count);
    }
}
