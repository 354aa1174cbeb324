namespace Airwave.Node.Placement;

/// <summary>The answer to a request for a channel placed on another node: 307 to <paramref name="Location"/>, or 503 while the channel has no live owner.</summary>
internal sealed record ChannelRedirect(string? Location)
{
    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 2;

    public int Status => Location is null ? 503 : 307;

    public string Reason => Location is null ? "Service Unavailable" : "Temporary Redirect";

    /// <summary>The header line (CRLF-terminated) that goes with <see cref="Status"/>.</summary>
    public string HeaderLine => Location is null ? $"Retry-After: {RetryAfterSeconds}\r\n" : $"Location: {Location}\r\n";
}
