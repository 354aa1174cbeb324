using Airwave.Node.Analytics;
using Airwave.Streaming.Analytics;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>The listening analytics' own series: listens going on, and what the Elasticsearch push did with the events.</summary>
internal sealed class AnalyticsMetrics(IMetricFactory metrics, ListeningRecorder listening, ElasticsearchPush? push)
{
    private readonly Gauge open = metrics.CreateGauge("airwave_listens_open", "Listens (raw, ICY, HLS sessions, downloads) going on at this node, as the analytics record them.");
    private readonly Counter events = metrics.CreateCounter(
        "airwave_analytics_events_pushed_total", "Listening events the Elasticsearch push settled, by outcome: taken, rejected (by Elasticsearch), dropped (the queue was full).", ["outcome"]);

    /// <summary>Brings every series up to date; runs before each scrape.</summary>
    public void Update()
    {
        open.Set(listening.Open);
        if (push is not null)
        {
            CounterReading.Set(events, push.Pushed, "taken");
            CounterReading.Set(events, push.Rejected, "rejected");
            CounterReading.Set(events, push.Dropped, "dropped");
        }
    }
}
