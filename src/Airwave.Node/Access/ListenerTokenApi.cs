using System.Net;
using Airwave.Node.Hosting;
using Airwave.Streaming.Access;
using Airwave.Streaming.Clips;

namespace Airwave.Node.Access;

/// <summary><c>POST /api/tokens</c> on the admin port: mints a listener token with the channel's <c>token-secret</c>, so the secret never leaves the node.</summary>
internal static class ListenerTokenApi
{
    /// <summary>The longest a token may live: a link handed out for longer is a password in disguise.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    public static void Map(RouteGroupBuilder api, NodeRuntime node, TimeProvider clock) => api.MapPost("/tokens", (ListenerTokenRequest request) =>
    {
        if (string.IsNullOrWhiteSpace(request.Channel) || node.Channels.Find(request.Channel) is not { } channel)
        {
            return Results.Json(new { error = $"no channel {request.Channel}" }, statusCode: StatusCodes.Status404NotFound);
        }

        if (channel.Settings.TokenSecret.Length == 0)
        {
            return Results.Json(new { error = $"/{channel.Id} takes no listener tokens: set channels.{channel.Id}.token-secret" }, statusCode: StatusCodes.Status409Conflict);
        }

        var lifetime = TimeSpan.FromHours(1);
        if (request.Expires is not null && (!ClipWindow.TryDuration(request.Expires, out lifetime) || lifetime > MaxLifetime))
        {
            return Results.Json(new { error = $"expires \"{request.Expires}\" is not a duration up to 366 days (90s, 30m, 12h)" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (request.Client is not null && !IPAddress.TryParse(request.Client, out _))
        {
            return Results.Json(new { error = $"client \"{request.Client}\" is not an IP address" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var expires = clock.GetUtcNow() + lifetime;
        var token = ListenerToken.Sign(channel.Settings.TokenSecret, channel.Id, expires, request.Client);
        return Results.Ok(new ListenerTokenGrant(token, channel.Id, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()).UtcDateTime, request.Client));
    });
}

/// <summary>A request for a listener token.</summary>
/// <param name="Channel">The channel it is for.</param>
/// <param name="Expires">How long it lives (<c>1h</c> when absent).</param>
/// <param name="Client">The only address it is valid from; null for any.</param>
internal sealed record ListenerTokenRequest(string? Channel, string? Expires, string? Client);

/// <summary>A minted listener token.</summary>
/// <param name="Token">The value for <c>?token=</c>.</param>
/// <param name="Channel">The channel it is for.</param>
/// <param name="ExpiresUtc">When it stops working.</param>
/// <param name="Client">The only address it works from, or null.</param>
internal sealed record ListenerTokenGrant(string Token, string Channel, DateTime ExpiresUtc, string? Client);
