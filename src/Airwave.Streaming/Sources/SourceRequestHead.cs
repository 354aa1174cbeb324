namespace Airwave.Streaming.Sources;

/// <summary>The request line and headers a source client sends before its audio (Icecast <c>PUT</c> or legacy <c>SOURCE</c>), or a listener's <c>GET</c>/<c>HEAD</c>.</summary>
/// <param name="Method">PUT, SOURCE, GET or HEAD, upper case.</param>
/// <param name="Path">The mount path with its query, e.g. <c>/live</c>.</param>
/// <param name="Protocol">HTTP/1.1, HTTP/1.0 or ICE/1.0.</param>
/// <param name="Headers">Header fields, case-insensitive names, the last value wins (repeated <c>Content-Length</c> and <c>Transfer-Encoding</c> lines are joined with ", ").</param>
public sealed record SourceRequestHead(string Method, string Path, string Protocol, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>True for the legacy <c>SOURCE</c> method, which expects an immediate <c>200 OK</c>.</summary>
    public bool IsLegacySource => Method == "SOURCE";

    /// <summary>The mount part of <see cref="Path"/> without the query string.</summary>
    public string Mount
    {
        get
        {
            var query = Path.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? Path : Path[..query];
        }
    }

    /// <summary>The query string after the mount, with its <c>?</c>, or empty.</summary>
    public string Query
    {
        get
        {
            var query = Path.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? "" : Path[query..];
        }
    }

    /// <summary>True for a request with a body or asking to switch protocols: never one the raw listener paths answer.</summary>
    public bool HasBodyOrUpgrade =>
        Header("Content-Length") is not (null or "0") || Header("Transfer-Encoding") is not null || Header("Upgrade") is not null;

    /// <summary>The value of a header, or null when it is absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
