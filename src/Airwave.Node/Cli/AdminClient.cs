using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Airwave.Node.Cli;

/// <summary>Talks JSON to a node's admin API (port 9110) for the CLI palettes, as pbm talks to Petabridge.Cmd.</summary>
internal sealed class AdminClient : IDisposable
{
    private readonly HttpClient http;
    private readonly string host;

    /// <param name="host"><c>host:port</c> (plain HTTP), or a URL: <c>https://host:port</c> for a node whose admin port speaks TLS.</param>
    /// <param name="token">The bearer token, if any.</param>
    /// <param name="timeout">How long to wait for each answer.</param>
    /// <param name="trust">Which certificates an <c>https</c> node may present.</param>
    public AdminClient(string host, string? token, TimeSpan timeout, AdminTrust trust)
    {
        this.host = host;
        var url = host.Contains("://", StringComparison.Ordinal) ? host.TrimEnd('/') + "/" : $"http://{host}/";
        http = new HttpClient(trust.Handler()) { BaseAddress = new Uri(url), Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>One JSON value per line, for streams such as <c>cluster tail --json</c>.</summary>
    public static JsonSerializerOptions CompactJson { get; } = new(JsonSerializerDefaults.Web);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs JSON written with other <paramref name="json"/> options than the admin API's camelCase (the analytics' snake_case).</summary>
    public async Task<T> GetAsync<T>(string path, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        var value = await response.Content.ReadFromJsonAsync<T>(json, cancellationToken).ConfigureAwait(false);
        return value ?? throw new AdminApiException(CliExitCodes.Failed, "the node answered with an empty body");
    }

    /// <summary>GETs a text body and copies it to <paramref name="output"/> as it arrives (an export can be larger than memory).</summary>
    public async Task CopyAsync(string path, TextWriter output, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var reader = new StreamReader(body);
            var buffer = new char[16 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
        return value ?? throw new AdminApiException(CliExitCodes.Failed, "the node answered with an empty body");
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new AdminApiException(
                CliExitCodes.Unreachable, $"node {host}: TLS failed: {e.InnerException?.Message ?? e.Message} (a certificate the system does not trust: pass --cacert FILE, or --insecure)");
        }
        catch (HttpRequestException e) when (http.BaseAddress!.Scheme == Uri.UriSchemeHttp && e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            throw new AdminApiException(
                CliExitCodes.Unreachable, $"node {host} closed the connection without an answer: if its admin port speaks TLS (airwave.tls.admin), use --host https://{host}");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new AdminApiException(CliExitCodes.Unreachable, $"node {host} is unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminApiException(CliExitCodes.Unreachable, $"node {host} did not answer within {http.Timeout.TotalSeconds:0}s");
        }
        finally
        {
            request.Dispose();
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        response.Dispose();
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new AdminApiException(
                CliExitCodes.Unauthorized, $"node {host} refused the admin token (pass --token or set AIRWAVE_ADMIN_TOKEN)"),
            HttpStatusCode.Forbidden => new AdminApiException(CliExitCodes.Unauthorized, $"node {host}: {ErrorText(detail, "forbidden")}"),
            HttpStatusCode.NotFound => new AdminApiException(CliExitCodes.NotFound, ErrorText(detail, "not found")),
            _ => new AdminApiException(CliExitCodes.Failed, $"node {host} answered {(int)response.StatusCode}: {ErrorText(detail, response.ReasonPhrase ?? "error")}"),
        };
    }

    private static string ErrorText(string body, string fallback)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString() ?? fallback;
            }
        }
        catch (JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(body) ? fallback : body.Trim();
    }
}
