using System.Security.Cryptography;
using System.Text;
using Airwave.Streaming.Sessions;

namespace Airwave.Node.Hls;

/// <summary>Identifies an HLS listener: the player's <c>X-Playback-Session-Id</c>, else a <c>?sid=</c> token the playlists put into their URLs.</summary>
internal static class HlsSessionId
{
    public const string Header = "X-Playback-Session-Id";
    public const string Query = SessionIds.QueryName;

    /// <summary>
    /// The session of a request and the query to append to the URLs a playlist lists (empty when the player sends the
    /// header). A client with neither gets a token derived from its address and user agent, so the URLs stay the same
    /// across reloads of the same playlist. The query also carries the request's listener token, so a private channel's
    /// segments are reachable.
    /// </summary>
    public static (string Id, string UrlQuery) Resolve(HttpRequest request)
    {
        var (id, query) = Resolve(
            request.Headers[Header].ToString(), request.Query[Query].ToString(), request.HttpContext.Connection.RemoteIpAddress?.ToString(), request.Headers.UserAgent.ToString());
        return (id, Access.ListenerAccessGate.WithToken(query, request));
    }

    /// <summary>The same from a request's parts: a raw connection's head has no <see cref="HttpRequest"/>.</summary>
    public static (string Id, string UrlQuery) Resolve(string? header, string? query, string? remoteAddress, string? userAgent)
    {
        if (Valid(header) is { } fromHeader)
        {
            return (fromHeader, "");
        }

        var id = Valid(query) ?? Derive(remoteAddress, userAgent);
        return (id, "?" + Query + "=" + id);
    }

    /// <summary>A fresh random token, for master playlists whose variant URLs carry it.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The last id this thread derived, with what it was derived from.</summary>
    /// <remarks>
    /// A CDN or a proxy in front of the node asks for segment after segment from one address with one user agent, and
    /// without a session of its own: hashing each of those was 2 % of the node's CPU samples under
    /// <c>bench/segments-vs-nginx</c>, whose wrk is such a client.
    /// </remarks>
    [ThreadStatic]
    private static DerivedId? lastDerived;

    private static string Derive(string? remoteAddress, string? userAgent)
    {
        if (lastDerived is { } last && last.RemoteAddress == remoteAddress && last.UserAgent == userAgent)
        {
            return last.Id;
        }

        var who = $"{remoteAddress}|{userAgent}";
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(who)).AsSpan(0, 8));
        lastDerived = new DerivedId(remoteAddress, userAgent, id);
        return id;
    }

    private sealed record DerivedId(string? RemoteAddress, string? UserAgent, string Id);

    private static string? Valid(string? value) => value is not null && SessionIds.IsValid(value) ? value : null;
}
