namespace Airwave.Node.Alerts;

/// <summary><c>airwave.alerts.pagerduty</c>: where Events API v2 events go and the integration's routing key.</summary>
internal sealed record PagerDutySettings(Uri Url, string RoutingKey);
