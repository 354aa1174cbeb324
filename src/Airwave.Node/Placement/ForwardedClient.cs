using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Node.Placement;

/// <summary>
/// The address of a source a master forwarded to the owner, carried in <see cref="Header"/> and signed with the cluster
/// secret: the owner sees the forwarding master's address on the connection, but a channel's allow and deny lists are
/// about the encoder. A header without a valid signature is ignored, so a client cannot claim another address.
/// </summary>
internal static class ForwardedClient
{
    public const string Header = "X-Airwave-Forwarded-For";

    /// <summary>The header's value: the client's address and an HMAC over it and the mount.</summary>
    public static string Sign(string secret, IPAddress client, string mount) => $"{client} {Mac(secret, client.ToString(), mount)}";

    /// <summary>The client <paramref name="value"/> names when its signature holds, else null.</summary>
    public static IPAddress? Verify(string secret, string? value, string mount)
    {
        if (secret.Length == 0 || value is null || value.Split(' ') is not [var address, var mac] || !IPAddress.TryParse(address, out var client))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(secret, address, mount)), Encoding.ASCII.GetBytes(mac)) ? client : null;
    }

    private static string Mac(string secret, string client, string mount) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"forwarded-for\n{client}\n{mount}")));
}
