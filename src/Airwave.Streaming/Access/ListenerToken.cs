using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Streaming.Access;

/// <summary>
/// A listener token, as nginx's <c>secure_link</c>: an HMAC-SHA256 over the channel, the expiry and optionally the
/// client's address, keyed with the channel's <c>token-secret</c>. It travels as one value,
/// <c>&lt;expiry&gt;.&lt;signature&gt;</c> or, bound to the client's address, <c>&lt;expiry&gt;.ip.&lt;signature&gt;</c>
/// (expiry in Unix seconds, signature base64url), so whoever holds it can do what it allows until it expires and nobody
/// can make one without the secret.
/// </summary>
public static class ListenerToken
{
    /// <summary>A secret shorter than this is refused at start: a guessable key makes every token forgeable.</summary>
    public const int MinimumSecretLength = 16;

    private const string BoundMarker = "ip";

    /// <summary>A token for <paramref name="channel"/> valid until <paramref name="expires"/>, and only from <paramref name="client"/> when one is given.</summary>
    public static string Sign(string secret, string channel, DateTimeOffset expires, string? client)
    {
        var seconds = expires.ToUnixTimeSeconds();
        var signature = Signature(secret, channel, seconds, client);
        return client is null
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds}.{signature}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds}.{BoundMarker}.{signature}");
    }

    /// <summary>Whether <paramref name="token"/> lets <paramref name="client"/> use <paramref name="channel"/> at <paramref name="now"/>, and if not, why.</summary>
    public static ListenerTokenCheck Verify(string secret, string channel, string? token, DateTimeOffset now, string client)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0)
        {
            return new ListenerTokenCheck(ListenerTokenVerdict.NotOffered, $"/{channel} takes no listener tokens (it has no token-secret)");
        }

        if (string.IsNullOrEmpty(token))
        {
            return new ListenerTokenCheck(ListenerTokenVerdict.Missing, "a listener token is required (?token=)");
        }

        var parts = token.Length <= 200 ? token.Split('.') : [];
        var bound = parts.Length == 3 && parts[1] == BoundMarker;
        if (!(parts.Length == 2 || bound) || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new ListenerTokenCheck(ListenerTokenVerdict.Malformed, "the listener token is malformed");
        }

        var expected = Encoding.ASCII.GetBytes(Signature(secret, channel, seconds, bound ? client : null));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[^1])))
        {
            return new ListenerTokenCheck(
                ListenerTokenVerdict.Forged, bound ? $"the listener token is not valid for /{channel} from {client}" : $"the listener token is not valid for /{channel}");
        }

        return seconds < now.ToUnixTimeSeconds()
            ? new ListenerTokenCheck(ListenerTokenVerdict.Expired, $"the listener token expired at {DateTimeOffset.FromUnixTimeSeconds(seconds):yyyy-MM-dd'T'HH:mm:ss'Z'}")
            : new ListenerTokenCheck(ListenerTokenVerdict.Valid, "");
    }

    private static string Signature(string secret, string channel, long seconds, string? client)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"{channel}\n{seconds}\n{client}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
