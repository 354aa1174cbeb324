using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Tls;

/// <summary>Certificate files that cannot be served stop <c>serve</c> before it binds a port, with exit code 2, the key's file and line, and what to do.</summary>
public sealed class TlsConfigurationErrorTests
{
    [Fact]
    public async Task A_missing_certificate_file_stops_serve_naming_the_key_its_line_and_the_path()
    {
        await using var files = new TempFiles();
        var missing = Path.Combine(files.Directory, "missing.pem");

        var (exit, config) = await ServeAsync(files, $"airwave {{\n  tls {{\n    port = {FreePorts.Next()}\n    certificate = \"{missing}\"\n  }}\n}}\n");

        Assert.True(exit.ExitCode == 2, $"exit {exit.ExitCode}: {exit.Output}");
        var line = Assert.Single(exit.Lines());
        Assert.StartsWith($"airwave: configuration error: {config}:4:", line, StringComparison.Ordinal);
        Assert.Contains($"airwave.tls.certificate: {missing} does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_another_certificate_stops_serve_naming_the_key_file_and_how_to_compare_them()
    {
        await using var files = new TempFiles();
        using var certificate = TestCertificate.Create("served");
        using var other = TestCertificate.Create("other");
        var certificateFile = files.Write("cert.pem", TestCertificate.CertificatePem(certificate));
        var keyFile = files.Write("key.pem", TestCertificate.KeyPem(other));

        var (exit, config) = await ServeAsync(
            files, $"airwave {{\n  tls {{\n    port = {FreePorts.Next()}\n    certificate = \"{certificateFile}\"\n    key = \"{keyFile}\"\n  }}\n}}\n");

        Assert.True(exit.ExitCode == 2, $"exit {exit.ExitCode}: {exit.Output}");
        var line = Assert.Single(exit.Lines());
        Assert.StartsWith($"airwave: configuration error: {config}:5:", line, StringComparison.Ordinal);
        Assert.Contains($"airwave.tls.key: {keyFile} holds no unencrypted private key that matches the certificate in {certificateFile}", line, StringComparison.Ordinal);
        Assert.Contains("openssl pkey -pubout", line, StringComparison.Ordinal);
    }

    private static async Task<(ProcessResult Exit, string Config)> ServeAsync(TempFiles files, string text)
    {
        var config = files.Write("node.conf", text);
        var data = Path.Combine(files.Directory, "data");
        var environment = new Dictionary<string, string>
        {
            ["AIRWAVE__DATA_DIR"] = data,
            ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        var exit = await ServeOnce.RunAsync(files.Directory, environment, config);
        Assert.False(Directory.Exists(data), "a refused configuration created the data directory");
        return (exit, config);
    }

    /// <summary>A temp directory for a test's files, deleted afterwards.</summary>
    private sealed class TempFiles : IAsyncDisposable
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("airwave-it-tls-config-").FullName;

        public string Write(string name, string text)
        {
            var path = Path.Combine(Directory, name);
            File.WriteAllText(path, text);
            return path;
        }

        public ValueTask DisposeAsync()
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
