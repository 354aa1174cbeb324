using System.Text.Json;

namespace Airwave.Node.Alerts;

/// <summary>POSTs each notice as JSON (<see cref="AlertNotice"/>, camelCase) to <c>airwave.alerts.webhook-url</c>; any 2xx is delivered.</summary>
internal sealed class WebhookSink(HttpClient http, Uri url) : IAlertSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "webhook";

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, notice, Json, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
