using System.Net;
using System.Net.Http.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>The channel list (<c>airwave.channels-from</c>): a node keeps its runtime channels in step with a file it re-reads.</summary>
public sealed class ChannelListTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string directory = Directory.CreateTempSubdirectory("airwave-it-list-").FullName;
    private NodeProcess? node;

    private string ListFile => Path.Combine(directory, "channels.json");

    private NodeProcess Node => node!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(ListFile, """
            { "channels": [
              { "name": "jazz", "title": "Jazz FM", "password": "jazz-pw" },
              { "id": "news", "password": "news-pw" },
              { "name": "manual", "password": "list-pw" }
            ] }
            """);
        node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = $$"""
                airwave {
                  channels-from = "file:{{ListFile}}"
                  # Reconciled at start and when the test asks, so a periodic run never lands between a list change and
                  # the dry run that should report it (ChannelListHttpTests covers the periodic one).
                  channels-from-interval = 1h
                  alerts.check-interval = 1s
                }
                """,
        });
    }

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            output.WriteLine(node.Log.Text);
            await node.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Listed_channels_start_dropped_ones_stop_changed_ones_restart_and_a_broken_list_changes_nothing()
    {
        await WaitForChannelsAsync(["jazz", "manual", "news"]);
        await PushAsync("jazz", "jazz-pw", expect: 200);

        // A channel the admin API added is the API's: the list names it and leaves it alone.
        using (var added = await Node.Admin.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), new { name = "studio", password = "studio-pw" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        await File.WriteAllTextAsync(ListFile, """
            [
              { "name": "jazz", "title": "Jazz FM", "password": "new-jazz-pw" },
              { "name": "studio", "password": "other" },
              { "name": "manual", "password": "list-pw" }
            ]
            """);
        var dryRun = await Node.CliAsync("channels", "reconcile", "--dry-run");
        Assert.Contains("would stop /news", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("would restart /jazz", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("left alone: studio: added through the admin API", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(["jazz", "manual", "news", "studio"], await ChannelIdsAsync());

        Assert.Contains("stop /news", await Node.CliOutputAsync("channels", "reconcile"), StringComparison.Ordinal);
        await WaitForChannelsAsync(["jazz", "manual", "studio"]);
        await Poll.UntilAsync(() => PushAsync("jazz", "new-jazz-pw"), status => status == 200, Patience, "the restarted /jazz taking its new password");
        Assert.Equal(401, await PushAsync("jazz", "jazz-pw"));

        // Unreadable: the channels keep running as last reconciled, and the CLI says why.
        await File.WriteAllTextAsync(ListFile, "{ \"channels\": [ { \"name\": \"jazz\" ");
        var broken = await Node.CliAsync("channels", "reconcile");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("channels.json", broken.Output, StringComparison.Ordinal);
        Assert.Equal(["jazz", "manual", "studio"], await ChannelIdsAsync());
        Assert.Contains("the channels keep running as last reconciled", Node.Log.Text, StringComparison.Ordinal);
        await Poll.UntilAsync(() => ActiveAlertsAsync(), active => active.Contains("channel-list"), Patience, "the channel-list alert firing");

        await File.WriteAllTextAsync(ListFile, """[ { "name": "jazz", "title": "Jazz FM", "password": "new-jazz-pw" }, { "name": "manual", "password": "list-pw" } ]""");
        await Node.CliOutputAsync("channels", "reconcile");
        await Poll.UntilAsync(() => ActiveAlertsAsync(), active => !active.Contains("channel-list"), Patience, "the channel-list alert resolved");
    }

    private async Task<string[]> ActiveAlertsAsync() =>
        [.. (await Node.GetAdminJsonAsync("api/alerts")).GetProperty("active").EnumerateArray().Select(a => a.GetProperty("condition").GetString()!)];

    private async Task WaitForChannelsAsync(string[] expected) =>
        await Poll.UntilAsync(ChannelIdsAsync, ids => ids.SequenceEqual(expected), Patience, "channels " + string.Join(", ", expected));

    private async Task<string[]> ChannelIdsAsync() =>
        [.. (await Node.GetAdminJsonAsync("api/channels")).EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Where(id => id != "demo" && id != "live").Order(StringComparer.Ordinal)];

    /// <summary>The node's answer to a source pushing MP3 to <paramref name="mount"/>.</summary>
    private async Task<int> PushAsync(string mount, string password, int? expect = null)
    {
        using var source = await RawSourceClient.ConnectAsync(Node.HttpPort);
        await source.SendPutHeadAsync("/" + mount, password, "audio/mpeg");
        await source.SendAsync(await File.ReadAllBytesAsync(Fixtures.Mp3Mono32));
        var status = (await source.ReadResponseAsync(TimeSpan.FromSeconds(15))).Status;
        if (expect is { } wanted)
        {
            Assert.Equal(wanted, status);
        }

        return status;
    }
}
