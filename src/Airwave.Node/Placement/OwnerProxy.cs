namespace Airwave.Node.Placement;

/// <summary>
/// Passes a request about a channel owned elsewhere to its owner and streams the answer back as it comes: a slave's
/// archive requests (the owner's disk holds the archive) and title updates sent to any node, so listeners and playout
/// systems behind the slaves' load balancer never need to reach a master.
/// </summary>
/// <param name="secret">The cluster secret, which signs the client's address for the owner (<see cref="ForwardedClient"/>).</param>
internal sealed class OwnerProxy(string secret) : IDisposable
{
    private static readonly string[] RequestHeaders = ["Range", "If-Range", "User-Agent", "Authorization"];
    private static readonly string[] ContentHeaders = ["Content-Type", "Content-Length", "Content-Range", "Content-Disposition", "Last-Modified"];
    private readonly HttpClient http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The client a request came from: the one another node signed when it passed the request on, else the connection's.</summary>
    public System.Net.IPAddress? ClientOf(HttpContext context) =>
        ForwardedClient.Verify(secret, context.Request.Headers[ForwardedClient.Header].ToString(), context.Request.Path) ?? context.Connection.RemoteIpAddress;

    /// <summary>Answers <paramref name="context"/> with the owner's answer to the same request at <paramref name="location"/>.</summary>
    public async Task ForwardAsync(HttpContext context, string location)
    {
        using var request = new HttpRequestMessage(HttpMethods.IsHead(context.Request.Method) ? HttpMethod.Head : HttpMethod.Get, location);
        foreach (var name in RequestHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                request.Headers.TryAddWithoutValidation(name, value.ToArray());
            }
        }

        if (secret.Length > 0 && context.Connection.RemoteIpAddress is { } client)
        {
            request.Headers.TryAddWithoutValidation(ForwardedClient.Header, ForwardedClient.Sign(secret, client, context.Request.Path));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            context.Response.Headers.RetryAfter = ChannelRedirect.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Http.PlainText.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, "the channel's owner cannot be reached: " + e.Message).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (name.StartsWith("X-Airwave", StringComparison.OrdinalIgnoreCase) || name is "Accept-Ranges" or "Cache-Control" or "WWW-Authenticate" || ContentHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public void Dispose() => http.Dispose();
}
