using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Airwave.Streaming.Upstreams;

/// <summary>The node's HTTP clients for upstreams: pooled keep-alive connections (SocketsHttpHandler), bounded redirects and header size.</summary>
public sealed class UpstreamHttp : IDisposable
{
    /// <summary>User-Agent sent when an upstream names none.</summary>
    public const string DefaultUserAgent = "Airwave/1.0 (relay)";

    private const int MaxResponseHeadersKilobytes = 64;

    /// <summary>The socket a request's connection was opened on, for <see cref="SocketOf"/>.</summary>
    private static readonly HttpRequestOptionsKey<Socket> ConnectionSocket = new("airwave.upstream-socket");
    private readonly ConcurrentDictionary<int, HttpClient> clients = new();

    /// <summary>The client that follows at most <paramref name="maxRedirects"/> redirects.</summary>
    public HttpClient Client(int maxRedirects) => clients.GetOrAdd(Math.Max(0, maxRedirects), Create);

    /// <summary>Sends a GET for <paramref name="url"/> and returns once the headers arrived with a success status.</summary>
    /// <exception cref="UpstreamException">No answer within <paramref name="headerTimeout"/>, a transport error or an error status.</exception>
    public static async Task<HttpResponseMessage> GetAsync(
        HttpClient client, UpstreamSettings upstream, Uri url, bool icyMetadata, TimeSpan headerTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(upstream);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", upstream.UserAgent.Length > 0 ? upstream.UserAgent : DefaultUserAgent);
        if (icyMetadata)
        {
            request.Headers.TryAddWithoutValidation("Icy-MetaData", "1");
        }

        foreach (var (name, value) in upstream.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(headerTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(UpstreamFailureKind.NoData, $"no response headers within {headerTimeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            throw new UpstreamException(UpstreamFailureKind.Failed, Describe(e));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = (int)response.StatusCode;
        response.Dispose();
        var kind = status switch
        {
            429 or 509 or >= 500 => UpstreamFailureKind.Throttled,
            404 or 410 => UpstreamFailureKind.NotFound,
            _ => UpstreamFailureKind.Failed,
        };
        throw new UpstreamException(kind, $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
    }

    /// <summary>
    /// The socket <paramref name="response"/> arrives on, for a continuous stream whose reads should wake only per batch of
    /// bytes (a receive mark); null on a pooled connection this request did not open.
    /// </summary>
    public static Socket? SocketOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage?.Options.TryGetValue(ConnectionSocket, out var socket) == true ? socket : null;
    }

    /// <summary>The media type of a response, lower case, or empty.</summary>
    public static string MediaType(HttpResponseMessage response) =>
        response?.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";

    /// <summary>A response header (content or general), or null.</summary>
    public static string? Header(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Value(response.Headers, name) ?? Value(response.Content.Headers, name);
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        clients.Clear();
    }

    private static string? Value(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.First() : null;

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;

    /// <summary>Opens the connection as the handler would and keeps its socket with the request (<see cref="SocketOf"/>).</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        context.InitialRequestMessage.Options.Set(ConnectionSocket, socket);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static HttpClient Create(int maxRedirects) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = maxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, maxRedirects),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxResponseHeadersLength = MaxResponseHeadersKilobytes,
        ResponseDrainTimeout = TimeSpan.FromSeconds(1),
        ConnectCallback = ConnectAsync,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
