using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Node.Alerts;

/// <summary>
/// Sends each notice as a PagerDuty Events API v2 event: a firing alert triggers, its resolution resolves the same
/// <c>dedup_key</c>, so PagerDuty opens one incident per alert and closes it when the condition ends.
/// </summary>
internal sealed class PagerDutySink(HttpClient http, PagerDutySettings settings) : IAlertSink
{
    /// <summary>PagerDuty refuses a longer summary.</summary>
    private const int MaxSummary = 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Name => "pagerduty";

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(settings.Url, EventOf(notice), Json, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The event: a resolve needs only the routing and dedup keys, a trigger carries the payload.</summary>
    private PagerDutyEvent EventOf(AlertNotice notice) => notice.IsFiring
        ? new PagerDutyEvent(settings.RoutingKey, "trigger", notice.DedupKey, new PagerDutyPayload(
            notice.Message.Length <= MaxSummary ? notice.Message : notice.Message[..MaxSummary],
            AlertConditions.Severity(notice.Condition),
            notice.Node,
            notice.FiredUtc,
            notice.Channel,
            "airwave",
            notice.Condition,
            notice))
        : new PagerDutyEvent(settings.RoutingKey, "resolve", notice.DedupKey, null);

    private sealed record PagerDutyEvent(string RoutingKey, string EventAction, string DedupKey, PagerDutyPayload? Payload);

    private sealed record PagerDutyPayload(string Summary, string Severity, string Source, DateTime Timestamp, string? Component, string Group, string Class, AlertNotice CustomDetails);
}
