using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Node.Tls;

/// <summary>A certificate the node serves: its leaf with the private key, the intermediates sent with it, and the file contents it came from.</summary>
internal sealed class ServerCertificate
{
    public ServerCertificate(X509Certificate2 leaf, X509Certificate2Collection intermediates, PemContents source)
    {
        Leaf = leaf;
        Source = source;
        // Offline: the chain is what the files hold; a handshake never waits for the network to fetch an issuer.
        Context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    public X509Certificate2 Leaf { get; }

    /// <summary>What each new handshake is given.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>The files' text it was loaded from, to tell whether they changed since.</summary>
    public PemContents Source { get; }

    /// <summary>Subject, expiry and SHA-256 fingerprint, for the log: enough to tell which certificate is served.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Leaf.Subject}, valid until {Leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC, SHA-256 {Leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}");
}
