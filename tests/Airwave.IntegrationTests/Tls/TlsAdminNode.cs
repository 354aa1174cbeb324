using System.Security.Cryptography.X509Certificates;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Tls;

/// <summary>A standalone node whose admin port speaks only TLS (<c>airwave.tls.admin = on</c>) and that has no TLS listener port (<c>port = 0</c>).</summary>
public sealed class TlsAdminNode : NodeFixture
{
    private readonly string directory;

    public TlsAdminNode()
        : this(Directory.CreateTempSubdirectory("airwave-it-tls-admin-").FullName, TestCertificate.Create("airwave-admin-test"))
    {
    }

    private TlsAdminNode(string directory, X509Certificate2 certificate)
        : base(new NodeOptions
        {
            AdminTls = true,
            Environment = new Dictionary<string, string>
            {
                ["AIRWAVE__TLS__PORT"] = "0",
                ["AIRWAVE__TLS__ADMIN"] = "on",
                ["AIRWAVE__TLS__CERTIFICATE"] = Write(Path.Combine(directory, "cert.pem"), TestCertificate.CertificatePem(certificate) + TestCertificate.KeyPem(certificate)),
            },
        })
    {
        this.directory = directory;
        certificate.Dispose();
    }

    /// <summary>The node's certificate (and key) in PEM, what the CLI's <c>--cacert</c> is given.</summary>
    internal string CertificateFile => Path.Combine(directory, "cert.pem");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }
}
