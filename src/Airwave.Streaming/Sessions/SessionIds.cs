using System.Security.Cryptography;

namespace Airwave.Streaming.Sessions;

/// <summary>Listener session ids: what a client may present (<c>?sid=</c> or the <c>airwave-sid</c> cookie) and new random ones.</summary>
public static class SessionIds
{
    /// <summary>The query parameter carrying a session id.</summary>
    public const string QueryName = "sid";

    /// <summary>The cookie carrying a session id.</summary>
    public const string CookieName = "airwave-sid";

    private const int MaxLength = 64;

    /// <summary>True for 1–64 characters of ASCII letters, digits, <c>-</c> and <c>_</c>: safe in a URL, a cookie, a header and a database key.</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new random id (128 bits as 32 lowercase hex digits).</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The id a request presents: a valid <c>?sid=</c> wins over a valid cookie; null when neither is valid.</summary>
    public static string? Presented(string? query, string? cookie) =>
        query is not null && IsValid(query) ? query
        : cookie is not null && IsValid(cookie) ? cookie
        : null;

    /// <summary>The value of the <c>airwave-sid</c> cookie in a <c>Cookie</c> header (<c>a=1; airwave-sid=x</c>), or null.</summary>
    public static string? FromCookieHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        foreach (var range in header.AsSpan().Split(';'))
        {
            var pair = header.AsSpan(range).Trim();
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].TrimEnd().SequenceEqual(CookieName))
            {
                var value = pair[(equals + 1)..].Trim();
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].ToString() : value.ToString();
            }
        }

        return null;
    }
}
