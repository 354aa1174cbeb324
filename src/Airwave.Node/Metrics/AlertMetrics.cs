using Airwave.Node.Alerts;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary><c>airwave_alerts_firing{condition}</c>: the alerts firing on this node, read from its <see cref="AlertBoard"/> at scrape time.</summary>
internal sealed class AlertMetrics(IMetricFactory metrics, AlertBoard alerts)
{
    private readonly Gauge firing = metrics.CreateGauge("airwave_alerts_firing", "Alerts firing on this node, by condition (sourceless, relay-lag, upstream-failover, member-unreachable, disk-full).", ["condition"]);

    /// <summary>Brings every series up to date; runs before each scrape. Every condition has a series, 0 when quiet, so a rule can tell quiet from unknown.</summary>
    public void Update()
    {
        var active = alerts.Current.Active;
        foreach (var condition in AlertConditions.All)
        {
            firing.WithLabels(condition).Set(active.Count(a => a.Condition == condition));
        }
    }
}
