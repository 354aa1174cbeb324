using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.IntegrationTests.Tls;

/// <summary>Self-signed certificates for 127.0.0.1 and localhost, written as the PEM files a node serves, and the certificate a handshake gets.</summary>
internal static class TestCertificate
{
    /// <summary>A new self-signed certificate (ECDSA P-256) named <c>CN=<paramref name="name"/></c>, valid for a day.</summary>
    public static X509Certificate2 Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        // Its own issuer: curl's --cacert, ffmpeg's -ca_file and the CLI's --cacert take it as the authority.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The certificate's PEM block.</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The private key's PEM block (PKCS#8, unencrypted).</summary>
    public static string KeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA key");
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/> in one rename, as a Secret volume or certbot's deploy
    /// hook swaps files: the node never reads a half-written file.
    /// </summary>
    public static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".new";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Opens a TLS connection to <paramref name="port"/> on loopback and returns the certificate the node presented (any it presents is accepted).</summary>
    public static async Task<X509Certificate2> PresentedAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2? presented = null;
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return presented is not null;
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        return presented ?? throw new InvalidOperationException("the handshake completed without a certificate");
    }
}
