using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>
/// The node's Prometheus registry (prometheus-net): only <c>airwave_*</c> series, each labelled with the node's name.
/// Made before the node's parts, so the session journal can be timed into <see cref="Journal"/>.
/// </summary>
/// <remarks>
/// A registry of its own rather than prometheus-net's default one, which would also start its EventCounter and Meter
/// listeners and their per-second work whether anyone scrapes or not.
/// </remarks>
internal sealed class MetricsRegistry
{
    public MetricsRegistry(string nodeName)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Registry.SetStaticLabels(new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = nodeName });
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Journal = new JournalTimer(Factory);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Makes the series; each belongs to <see cref="Registry"/>.</summary>
    public IMetricFactory Factory { get; }

    /// <summary>Where the journals' writers and readers record their times.</summary>
    public JournalTimer Journal { get; }
}
