namespace Airwave.Node.Alerts;

/// <summary>Somewhere alerts are delivered: a webhook, PagerDuty, e-mail. A send that throws is retried by its <see cref="AlertOutbox"/>.</summary>
internal interface IAlertSink
{
    /// <summary>For log lines: <c>webhook</c>, <c>pagerduty</c>, <c>email</c>.</summary>
    string Name { get; }

    Task SendAsync(AlertNotice notice, CancellationToken cancellationToken);
}
