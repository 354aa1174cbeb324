namespace Airwave.Node.Placement;

/// <summary>Where a channel placed on another node is served: its <paramref name="Owner"/>, which listeners are redirected to (307) and sources forwarded to, or nowhere (503) while it has no live owner.</summary>
/// <param name="Owner">The owner's advertise address (<c>host:port</c>), or null while no live member owns the channel.</param>
/// <param name="PathAndQuery">The request's path and query, kept in the redirect.</param>
internal sealed record ChannelRedirect(string? Owner, string PathAndQuery)
{
    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The same request on the owner, or null without one.</summary>
    public string? Location => Owner is null ? null : $"http://{Owner}{PathAndQuery}";

    /// <summary>What a listener is answered: 307 to <see cref="Location"/>, or 503.</summary>
    public int Status => Owner is null ? 503 : 307;
}
