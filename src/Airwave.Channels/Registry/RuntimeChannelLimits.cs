namespace Airwave.Channels.Registry;

/// <summary>Bounds on every field of a channel added through the admin API, each broken one named in a 400 with its limit.</summary>
/// <remarks>
/// The API once took a 900 KB password and 20,000 upstreams, which it stored, echoed in errors and pulled from in a
/// retry loop logging every second. The limits sit far above any real channel (Icecast passwords, a fallback list of a
/// few upstreams, the headers a CDN token needs) and low enough that one request cannot fill the registry or the log.
/// </remarks>
public static class RuntimeChannelLimits
{
    /// <summary>Characters in the source password.</summary>
    public const int MaxPasswordLength = 256;

    /// <summary>Upstreams in one channel.</summary>
    public const int MaxUpstreams = 16;

    /// <summary>Characters in an upstream URL (what browsers and proxies reliably take).</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Characters in an upstream's User-Agent.</summary>
    public const int MaxUserAgentLength = 256;

    /// <summary>Extra request headers per upstream.</summary>
    public const int MaxHeaders = 16;

    /// <summary>Characters in an extra header's name.</summary>
    public const int MaxHeaderNameLength = 64;

    /// <summary>Characters in an extra header's value (room for a signed token).</summary>
    public const int MaxHeaderValueLength = 1024;

    /// <summary>Characters in the title (sent as <c>icy-name</c>).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Why <paramref name="title"/> is refused, or null: it goes into response headers, so no control characters.</summary>
    public static string? CheckTitle(string? title) => TooLong("title", title, MaxTitleLength) ?? ControlCharacters("title", title);

    /// <summary>Why <paramref name="password"/> is refused, or null.</summary>
    public static string? CheckPassword(string? password) => TooLong("password", password, MaxPasswordLength);

    /// <summary>Why an upstream URL given as <paramref name="field"/> is refused for its length, or null.</summary>
    public static string? CheckUrl(string field, string? url) => TooLong(field, url, MaxUrlLength);

    /// <summary>Why <paramref name="count"/> upstreams are refused, or null.</summary>
    public static string? CheckUpstreamCount(int count) =>
        count > MaxUpstreams ? $"upstreams has {count} entries; at most {MaxUpstreams} are allowed" : null;

    /// <summary>Why upstream <paramref name="index"/> is refused, or null; checked before its URL is parsed, so no error echoes a huge value.</summary>
    public static string? CheckUpstream(int index, string? url, string? userAgent, IReadOnlyDictionary<string, string>? headers)
    {
        var where = $"upstreams[{index}]";
        if ((CheckUrl(where + ".url", url) ?? TooLong(where + ".userAgent", userAgent, MaxUserAgentLength) ?? ControlCharacters(where + ".userAgent", userAgent)) is { } error)
        {
            return error;
        }

        if (headers is null)
        {
            return null;
        }

        if (headers.Count > MaxHeaders)
        {
            return $"{where}.headers has {headers.Count} entries; at most {MaxHeaders} are allowed";
        }

        foreach (var (name, value) in headers)
        {
            if (TooLong($"{where}.headers name", name, MaxHeaderNameLength) is { } longName)
            {
                return longName;
            }

            // Header text goes onto the upstream request line by line: a CR or LF would start a header of its own.
            var field = $"{where}.headers[\"{name}\"]";
            if ((TooLong(field, value, MaxHeaderValueLength) ?? ControlCharacters(field, value) ?? ControlCharacters($"{where}.headers name \"{name}\"", name)) is { } bad)
            {
                return bad;
            }
        }

        return null;
    }

    private static string? TooLong(string field, string? value, int limit) =>
        value is not null && value.Length > limit ? $"{field} is {value.Length} characters long; at most {limit} are allowed" : null;

    private static string? ControlCharacters(string field, string? value) =>
        value is not null && value.Any(char.IsControl) ? $"{field} contains control characters (CR, LF, ...), which a header cannot carry" : null;
}
