using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary><c>airwave_monitoring_pushes_total{document}</c> and <c>airwave_monitoring_push_failures_total{document}</c>: the monitoring pushes, counted as they happen (once per push, off the audio path).</summary>
internal sealed class MonitoringMetrics(IMetricFactory metrics)
{
    private static readonly string[] ByDocument = ["document"];
    private readonly Counter pushes = metrics.CreateCounter("airwave_monitoring_pushes_total", "Monitoring pushes delivered (2xx), by document (status, metadata).", ByDocument);
    private readonly Counter failures = metrics.CreateCounter("airwave_monitoring_push_failures_total", "Monitoring push attempts that failed (no answer, timeout, not 2xx), by document (status, metadata).", ByDocument);

    /// <summary>Makes both series of a configured push exist at 0, so a rule can tell "never failed" from "not pushed".</summary>
    public void Declare(string document)
    {
        pushes.WithLabels(document);
        failures.WithLabels(document);
    }

    public void Pushed(string document) => pushes.WithLabels(document).Inc();

    public void Failed(string document) => failures.WithLabels(document).Inc();
}
