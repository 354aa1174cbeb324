using System.Security.Cryptography;
using System.Text;

namespace Airwave.Streaming.Sources;

/// <summary>User and password from an HTTP <c>Authorization: Basic</c> header, compared in constant time.</summary>
public sealed record BasicCredentials(string User, string Password)
{
    /// <summary>Parses the header value; null when it is absent or not valid Basic credentials.</summary>
    public static BasicCredentials? Parse(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[512];
        if (!Convert.TryFromBase64String(authorization[Scheme.Length..].Trim(), decoded, out var length))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : new BasicCredentials(text[..colon], text[(colon + 1)..]);
    }

    /// <summary>True when <see cref="Password"/> equals <paramref name="expected"/>; the time taken does not depend on where they differ.</summary>
    public bool PasswordMatches(string expected) => SecretsEqual(Password, expected);

    /// <summary>Compares two secrets in constant time (hashing first so their lengths leak nothing either).</summary>
    public static bool SecretsEqual(string given, string expected)
    {
        if (expected.Length == 0)
        {
            return false;
        }

        Span<byte> left = stackalloc byte[32];
        Span<byte> right = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(given), left);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
