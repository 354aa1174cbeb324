using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>A read-only admin token reads everything a dashboard needs and changes nothing, through the API and the CLI.</summary>
public sealed class ReadOnlyTokenTests(ITestOutputHelper output) : NodePerTest(output)
{
    private const string Monitoring = "monitoring-0123456789abcdef";
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    private protected override NodeOptions Options { get; } = new()
    {
        Config = $$"""
            airwave {
              admin { read-only-tokens = ["{{Monitoring}}", "another-reader-0123456789"] }
            }
            """,
    };

    [Fact]
    public async Task A_read_only_token_reads_the_api_but_every_change_is_refused_403_and_the_admin_token_still_changes()
    {
        using var reader = new HttpClient { BaseAddress = Node.Admin.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Monitoring);
        using var stranger = new HttpClient { BaseAddress = Node.Admin.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "monitoring-0123456789abcdeX");
        var channel = new { name = "added", password = "pw" };

        foreach (var path in new[] { "api/node", "api/channels", "api/sessions", "api/cluster/members", "api/log/peek?lines=5" })
        {
            using var read = await reader.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {path} with the read-only token: {(int)read.StatusCode}");
        }

        using var add = await reader.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), channel);
        using var remove = await reader.DeleteAsync(new Uri("api/channels/demo", UriKind.Relative));
        using var guessed = await stranger.GetAsync(new Uri("api/channels", UriKind.Relative));
        using var added = await Node.Admin.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), channel);

        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Contains("a read-only token cannot POST /api/channels", await add.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.True(added.IsSuccessStatusCode, $"the admin token added no channel: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
        Assert.Contains("\"added\"", await reader.GetStringAsync(new Uri("api/channels", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_lists_with_a_read_only_token_and_says_why_it_cannot_add()
    {
        var host = "127.0.0.1:" + Node.AdminPort.ToString(CultureInfo.InvariantCulture);
        using var listed = await Node.Admin.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), new { name = "listed", password = "pw" });
        Assert.True(listed.IsSuccessStatusCode, $"adding a channel: {(int)listed.StatusCode}");

        var list = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, "channels", "list", "--host", host, "--token", Monitoring], CliTimeout);
        var add = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, "channels", "add", "other", "--password", "pw", "--host", host, "--token", Monitoring], CliTimeout);

        Assert.True(list.ExitCode == 0, $"exit {list.ExitCode}: {list.Output}");
        Assert.Contains("listed", list.Output, StringComparison.Ordinal);
        Assert.True(add.ExitCode == 4, $"exit {add.ExitCode}: {add.Output}");
        Assert.Contains("a read-only token cannot POST /api/channels: use the admin token", add.Output, StringComparison.Ordinal);
    }
}
