using Airwave.Node.Hosting;

namespace Airwave.Node.Metrics;

/// <summary>
/// Every series of a running node, brought up to date when scraped: read from the node's own counters and state in a
/// before-collect callback, so a node nobody scrapes does no metrics work and the audio path counts nothing for them.
/// </summary>
internal sealed class NodeMetrics
{
    private readonly MetricsRegistry metrics;

    public NodeMetrics(MetricsRegistry metrics, NodeRuntime node, TimeProvider clock)
    {
        this.metrics = metrics;
        var channels = new ChannelMetrics(metrics.Factory, node.Channels, clock);
        var upstreams = new UpstreamMetrics(metrics.Factory, node.Channels);
        var cluster = new ClusterMetrics(metrics.Factory, node);
        var activity = new NodeActivityMetrics(metrics.Factory, node);
        var alerts = new AlertMetrics(metrics.Factory, node.Alerts);
        var analytics = new AnalyticsMetrics(metrics.Factory, node.Listening, node.ListenPush);
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            channels.Update();
            activity.Update();
            alerts.Update();
            analytics.Update();
            await upstreams.UpdateAsync(cancellationToken).ConfigureAwait(false);
            await cluster.UpdateAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Writes the text exposition format to <paramref name="destination"/>.</summary>
    /// <remarks>
    /// Two scrapes at once (admin and listener port) may update the same series together: prometheus-net's series are
    /// thread-safe, and both set the same values and remove the same stale series.
    /// </remarks>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        metrics.Registry.CollectAndExportAsTextAsync(destination, cancellationToken);
}
