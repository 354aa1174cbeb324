using System.Net;
using System.Net.Http.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>Channels added through the admin API survive restarts, removed ones stay gone, and on-demand channels pull only while someone listens.</summary>
public sealed class RuntimeChannelTests(ITestOutputHelper output) : UpstreamNodePerTest(output)
{
    private const string Config = """
        airwave {
          channel-defaults { idle-close-after = 2s }
        }
        """;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);
    private protected override NodeOptions Options { get; } = new() { Config = Config };

    [Fact]
    public async Task Added_channels_survive_a_restart_and_removed_ones_stay_gone()
    {
        await AddAsync(new { name = "pushed", password = "pw-pushed" });
        await AddAsync(new { name = "pulled", upstreams = new[] { new { url = Upstream.Url("/stream") } } });
        await Node.WaitForChannelAsync("pulled", c => c.Source() == "connected" && c.BufferSeconds() > 1, "the added channel to pull audio");

        Assert.Equal(0, await Node.StopAsync(StopTimeout));
        await Node.StartAsync();

        Assert.Equal("pushed", (await Node.ChannelAsync("pushed")).GetProperty("id").GetString());
        await Node.WaitForChannelAsync("pulled", c => c.Source() == "connected", "the added channel to pull again after the restart");

        using (var removed = await Node.Admin.DeleteAsync(new Uri("api/channels/pushed", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.Equal(0, await Node.StopAsync(StopTimeout));
        await Node.StartAsync();

        using var gone = await Node.Admin.GetAsync(new Uri("api/channels/pushed", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await Node.ChannelAsync("pulled");
    }

    [Fact]
    public async Task Removing_a_channel_deletes_its_rewind_dump()
    {
        await AddAsync(new { name = "doomed", upstreams = new[] { new { url = Upstream.Url("/stream") } } });
        await Node.WaitForChannelAsync("doomed", c => c.BufferSeconds() > 1, "the added channel to pull audio");

        // A stopping channel writes its dump on the way out, so without the delete the file is there after the DELETE.
        using (var removed = await Node.Admin.DeleteAsync(new Uri("api/channels/doomed", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        var rewind = Path.Combine(Node.DataDirectory, "rewind");
        Assert.False(File.Exists(Path.Combine(rewind, "doomed.dump")), "the removed channel's rewind dump is still in the data directory");
        Assert.False(File.Exists(Path.Combine(rewind, "doomed.dump.epoch")), "the removed channel's dump epoch is still in the data directory");
    }

    [Fact]
    public async Task Oversized_fields_are_refused_with_400_naming_the_field_and_the_limit()
    {
        var refusals = new (object Channel, string Error)[]
        {
            (new { name = "huge", password = new string('p', 900 * 1024) }, "password is 921600 characters long; at most 256 are allowed"),
            (new { name = "huge", upstreams = Enumerable.Range(0, 20_000).Select(i => new { url = $"http://127.0.0.1:9/{i}" }).ToArray() },
                "upstreams has 20000 entries; at most 16 are allowed"),
            (new { name = "huge", upstreams = new[] { new { url = "http://127.0.0.1:9/" + new string('a', 5000) } } },
                "upstreams[0].url is 5019 characters long; at most 2048 are allowed"),
            (new { name = "huge", upstreams = new[] { new { url = "http://127.0.0.1:9/", headers = new Dictionary<string, string> { ["X-Token"] = "a\r\nHost: evil" } } } },
                "upstreams[0].headers[\"X-Token\"] contains control characters"),
        };

        foreach (var (channel, error) in refusals)
        {
            using var response = await Node.Admin.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), channel);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST /api/channels answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            Assert.Contains(error, ErrorOf(body), StringComparison.Ordinal);
        }

        using var switched = await Node.Admin.PostAsJsonAsync(new Uri("api/channels/huge/switch", UriKind.Relative), new { url = "http://127.0.0.1:9/" + new string('a', 5000) });
        Assert.Equal(HttpStatusCode.BadRequest, switched.StatusCode);
        Assert.Contains("url is 5019 characters long; at most 2048 are allowed", ErrorOf(await switched.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var absent = await Node.Admin.GetAsync(new Uri("api/channels/huge", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        await AddAsync(new { name = "bounded", password = new string('p', 256), upstreams = Enumerable.Range(0, 16).Select(i => new { url = Upstream.Url("/stream") }).ToArray() });
    }

    [Fact]
    public async Task On_demand_channel_pulls_only_while_someone_listens()
    {
        await AddAsync(new { name = "ondemand", onDemand = true, upstreams = new[] { new { url = Upstream.Url("/stream") } } });
        Assert.Equal("idle", await UpstreamStateAsync("ondemand"));

        using (var listener = await RecordingListener.ConnectAsync(Node.Http("/ondemand")))
        {
            await listener.WaitForBytesAsync(32_000, TimeSpan.FromSeconds(30));
            Assert.Equal("streaming", await UpstreamStateAsync("ondemand"));
        }

        await Poll.UntilAsync(() => UpstreamStateAsync("ondemand"), state => state == "idle", TimeSpan.FromSeconds(30), "the upstream to close after the last listener left");
    }

    private static string ErrorOf(string body) => System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString() ?? "";

    private async Task AddAsync(object channel)
    {
        using var response = await Node.Admin.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), channel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/channels answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<string> UpstreamStateAsync(string channel)
    {
        var upstreams = await Node.GetAdminJsonAsync($"api/channels/{channel}/upstreams");
        return upstreams.GetProperty("upstreams")[0].GetProperty("state").GetString()?.ToLowerInvariant() ?? "";
    }
}
