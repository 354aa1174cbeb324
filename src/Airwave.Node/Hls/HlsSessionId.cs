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
    /// across reloads of the same playlist.
    /// </summary>
    public static (string Id, string UrlQuery) Resolve(HttpRequest request)
    {
        if (Valid(request.Headers[Header].ToString()) is { } header)
        {
            return (header, "");
        }

        var id = Valid(request.Query[Query].ToString()) ?? Derive(request);
        return (id, "?" + Query + "=" + id);
    }

    /// <summary>A fresh random token, for master playlists whose variant URLs carry it.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string Derive(HttpRequest request)
    {
        var who = $"{request.HttpContext.Connection.RemoteIpAddress}|{request.Headers.UserAgent}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(who)).AsSpan(0, 8));
    }

    private static string? Valid(string value) => SessionIds.IsValid(value) ? value : null;
}
