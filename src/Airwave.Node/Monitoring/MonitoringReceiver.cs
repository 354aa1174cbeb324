using System.Text.Json;

namespace Airwave.Node.Monitoring;

/// <summary>POSTs documents as JSON (camelCase) to one URL with the configured headers, each within the timeout; any 2xx is delivered.</summary>
internal sealed class MonitoringReceiver(HttpClient http, Uri url, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri Url => url;

    /// <exception cref="HttpRequestException">The receiver answered other than 2xx, or could not be reached.</exception>
    /// <exception cref="TaskCanceledException">It did not answer within the timeout.</exception>
    public async Task PostAsync<TDocument>(TDocument document, CancellationToken cancellationToken)
    {
        // Serialized first, so the request carries a Content-Length: simple receivers refuse or misread chunked bodies.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(document, Json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
