using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Tls;

/// <summary>With <c>airwave.tls.admin = on</c> the CLI speaks https to the admin port, trusting the node's certificate through <c>--cacert</c>, and says what to do when it cannot.</summary>
public sealed class TlsAdminTests(TlsAdminNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TlsAdminNode>
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    private string Port => node.AdminPort.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_cli_with_an_https_host_and_the_certificate_as_cacert_lists_the_channels()
    {
        var result = await CliAsync("channels", "list", "--host", $"https://127.0.0.1:{Port}", "--cacert", fixture.CertificateFile);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains("demo", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_refuses_a_certificate_it_was_not_told_to_trust_and_names_cacert()
    {
        var result = await CliAsync("channels", "list", "--host", $"https://127.0.0.1:{Port}");

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains("TLS failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("--cacert", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_speaking_plain_http_to_a_tls_admin_port_is_told_to_use_https()
    {
        var result = await CliAsync("channels", "list", "--host", $"127.0.0.1:{Port}");

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains($"use --host https://127.0.0.1:{Port}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listener_port_stays_plain_http()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync(node.Http("/status-json.xsl"));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
    }

    private Task<ProcessResult> CliAsync(params string[] arguments) =>
        ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, .. arguments, "--data-dir", node.DataDirectory], CliTimeout, node.RootDirectory);
}
