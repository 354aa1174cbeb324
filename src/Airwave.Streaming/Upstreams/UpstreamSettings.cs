namespace Airwave.Streaming.Upstreams;

/// <summary>One entry of a channel's ordered upstream list (<c>channels.&lt;name&gt;.upstreams</c>).</summary>
/// <param name="Url">The http or https URL to pull.</param>
/// <param name="Type">What it serves, or auto.</param>
/// <param name="UserAgent">User-Agent to send; empty sends Airwave's.</param>
/// <param name="Headers">Extra request headers (e.g. Referer, Authorization).</param>
public sealed record UpstreamSettings(string Url, UpstreamType Type, string UserAgent, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>An auto-typed upstream without extra headers.</summary>
    public static UpstreamSettings Of(string url) => new(url, UpstreamType.Auto, "", new Dictionary<string, string>());
}
