namespace Airwave.Node.Alerts;

/// <summary>
/// The node's alerts as of the last evaluation, for the admin API and the metrics: the evaluator publishes a new
/// immutable <see cref="AlertsStatus"/> after each evaluation that changed something, readers take the latest.
/// </summary>
internal sealed class AlertBoard
{
    private AlertsStatus current = AlertsStatus.Empty;

    public AlertsStatus Current => Volatile.Read(ref current);

    public void Publish(AlertsStatus status) => Volatile.Write(ref current, status);
}
