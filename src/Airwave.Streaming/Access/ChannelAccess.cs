using System.Net;

namespace Airwave.Streaming.Access;

/// <summary>
/// Who may use a channel: networks allowed and denied (for listeners and sources alike, as Ace Stream's private nodes),
/// and whether listeners need a <see cref="ListenerToken"/>. A pure decision the listener and source paths call.
/// </summary>
/// <param name="Allow">When not empty, only clients in one of these networks get in.</param>
/// <param name="Deny">Clients in one of these networks never get in, even when an allow entry matches.</param>
/// <param name="RequireToken">Listeners need a valid <c>?token=</c> signed with the channel's token-secret.</param>
public sealed record ChannelAccess(IReadOnlyList<IPNetwork> Allow, IReadOnlyList<IPNetwork> Deny, bool RequireToken)
{
    /// <summary>Anyone may listen and push (with the password): the default.</summary>
    public static ChannelAccess Open { get; } = new([], [], false);

    /// <summary>True when nothing restricts the channel, so the raw connection paths may serve it without asking.</summary>
    public bool IsOpen => Allow.Count == 0 && Deny.Count == 0 && !RequireToken;

    /// <summary>Why <paramref name="client"/> may not connect to <paramref name="mount"/> from its network, or null when it may.</summary>
    public string? NetworkRefusal(string mount, IPAddress? client)
    {
        if (Allow.Count == 0 && Deny.Count == 0)
        {
            return null;
        }

        if (client is null)
        {
            return $"{mount} is private and the client's address is unknown";
        }

        var address = Normalize(client);
        if (Deny.Any(network => network.Contains(address)))
        {
            return $"{mount} refuses clients from {address}";
        }

        return Allow.Count > 0 && !Allow.Any(network => network.Contains(address)) ? $"{mount} is private: {address} is not in its allow list" : null;
    }

    /// <summary>Why a listener from <paramref name="client"/> with <paramref name="token"/> may not hear <paramref name="channel"/>, or null when it may.</summary>
    /// <param name="channel">The channel's id (what tokens are signed for).</param>
    /// <param name="tokenSecret">The channel's token-secret.</param>
    /// <param name="client">The listener's address.</param>
    /// <param name="token">The <c>?token=</c> value, or null.</param>
    /// <param name="now">For the token's expiry.</param>
    public string? ListenerRefusal(string channel, string tokenSecret, IPAddress? client, string? token, DateTimeOffset now)
    {
        if (NetworkRefusal("/" + channel, client) is { } refused)
        {
            return refused;
        }

        if (!RequireToken)
        {
            return null;
        }

        var check = ListenerToken.Verify(tokenSecret, channel, token, now, client is null ? "" : Normalize(client).ToString());
        return check.IsValid ? null : check.Reason;
    }

    /// <summary>An IPv4 client on a dual-stack socket arrives as <c>::ffff:a.b.c.d</c>; lists and tokens name it <c>a.b.c.d</c>.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
