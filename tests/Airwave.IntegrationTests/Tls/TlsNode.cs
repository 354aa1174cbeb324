using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Tls;

/// <summary>
/// The shipped standalone node (its looping <c>/demo</c>, and <c>/live</c> and <c>/liquid</c> with the source password <c>hackme</c>) with TLS
/// on a port of its own, from a self-signed certificate and key in separate PEM files.
/// </summary>
public sealed class TlsNode : NodeFixture
{
    private readonly string directory;

    public TlsNode()
        : this(Directory.CreateTempSubdirectory("airwave-it-tls-").FullName, TestCertificate.Create("airwave-tls-test"), FreePorts.Next())
    {
    }

    private TlsNode(string directory, X509Certificate2 certificate, int tlsPort)
        : base(new NodeOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["AIRWAVE__TLS__PORT"] = tlsPort.ToString(CultureInfo.InvariantCulture),
                // A second pushed mount, so the liquidsoap source never shares /live with ffmpeg's.
                ["AIRWAVE__CHANNELS__LIQUID__PASSWORD"] = "hackme",
                ["AIRWAVE__TLS__CERTIFICATE"] = Write(Path.Combine(directory, "cert.pem"), TestCertificate.CertificatePem(certificate)),
                ["AIRWAVE__TLS__KEY"] = Write(Path.Combine(directory, "key.pem"), TestCertificate.KeyPem(certificate)),
            },
        })
    {
        this.directory = directory;
        Certificate = certificate;
        TlsPort = tlsPort;
        CertificateFile = Path.Combine(directory, "cert.pem");
    }

    internal X509Certificate2 Certificate { get; }

    /// <summary>The certificate's PEM file, for clients told to trust it (curl's <c>--cacert</c>, ffmpeg's <c>-ca_file</c>).</summary>
    internal string CertificateFile { get; }

    internal int TlsPort { get; }

    /// <summary>A URL on the TLS port.</summary>
    internal Uri Https(string pathAndQuery) => new($"https://127.0.0.1:{TlsPort.ToString(CultureInfo.InvariantCulture)}{pathAndQuery}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Certificate.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }
}
