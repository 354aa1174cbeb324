using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Tls;

/// <summary>
/// The node serves a renewed certificate to new handshakes without a restart, from files swapped the way a Kubernetes
/// Secret volume swaps them (a symlink two levels up changes, the file's own name and times do not), and keeps the
/// certificate it has when the new files do not load.
/// </summary>
public sealed class CertificateReloadTests : NodePerTest
{
    private readonly string directory = Directory.CreateTempSubdirectory("airwave-it-tls-reload-").FullName;
    private readonly int tlsPort = FreePorts.Next();

    public CertificateReloadTests(ITestOutputHelper output)
        : base(output)
    {
        // The layout of a Secret volume: tls.pem -> ..data/tls.pem, ..data -> ..<version>/.
        using var first = TestCertificate.Create("first");
        Directory.CreateSymbolicLink(Path.Combine(directory, "..data"), WriteVersion(TestCertificate.CertificatePem(first) + TestCertificate.KeyPem(first)));
        File.CreateSymbolicLink(PemFile, Path.Combine("..data", "tls.pem"));
    }

    private string PemFile => Path.Combine(directory, "tls.pem");

    private protected override NodeOptions Options => new()
    {
        Environment = new Dictionary<string, string>
        {
            ["AIRWAVE__TLS__PORT"] = tlsPort.ToString(CultureInfo.InvariantCulture),
            // No key file: certificate and key share one file, so one swap changes both.
            ["AIRWAVE__TLS__CERTIFICATE"] = PemFile,
            ["AIRWAVE__TLS__RELOAD_INTERVAL"] = "1s",
        },
    };

    [Fact]
    public async Task A_renewed_certificate_reaches_new_handshakes_without_a_restart_and_a_broken_renewal_keeps_it()
    {
        Assert.Equal("CN=first", (await TestCertificate.PresentedAsync(tlsPort)).Subject);
        var pid = Node.Pid;

        using var second = TestCertificate.Create("second");
        await SwapAsync(TestCertificate.CertificatePem(second) + TestCertificate.KeyPem(second));
        await Poll.UntilAsync(
            async () => (await TestCertificate.PresentedAsync(tlsPort)).Subject, subject => subject == "CN=second", TimeSpan.FromSeconds(30), "the renewed certificate in a new handshake", () => Node.Log.Text);

        Assert.Equal(pid, Node.Pid);
        // The log line is written after the swap that new handshakes already see, so it may trail them.
        await Poll.UntilAsync(
            () => Task.FromResult(Node.Log.Contains("TLS certificate reloaded")), logged => logged, TimeSpan.FromSeconds(10), "the log line about the reload", () => Node.Log.Text);

        // A certificate with the key of another: the node says so and keeps serving the second.
        using var third = TestCertificate.Create("third");
        using var other = TestCertificate.Create("other");
        await SwapAsync(TestCertificate.CertificatePem(third) + TestCertificate.KeyPem(other));
        await Poll.UntilAsync(
            () => Task.FromResult(Node.Log.Contains("TLS certificate not reloaded")), logged => logged, TimeSpan.FromSeconds(30), "the error about the broken renewal", () => Node.Log.Text);

        Assert.Equal("CN=second", (await TestCertificate.PresentedAsync(tlsPort)).Subject);
        Assert.Equal(pid, Node.Pid);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Points <c>..data</c> at a new version directory in one rename, as the kubelet does.</summary>
    private async Task SwapAsync(string pem)
    {
        var link = Path.Combine(directory, "..data_tmp");
        Directory.CreateSymbolicLink(link, WriteVersion(pem));
        var moved = await ChildProcess.RunAsync("mv", ["-T", link, Path.Combine(directory, "..data")], TimeSpan.FromSeconds(10));
        Assert.True(moved.ExitCode == 0, moved.Output);
    }

    /// <summary>A new <c>..version</c> directory holding <c>tls.pem</c>; returns its name, relative to the volume.</summary>
    private string WriteVersion(string pem)
    {
        var version = ".." + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.Combine(directory, version));
        File.WriteAllText(Path.Combine(directory, version, "tls.pem"), pem);
        return version;
    }
}
