using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Access;

/// <summary>A node with private channels: allow and deny lists for listeners and sources, and channels that need a listener token.</summary>
public sealed class PrivateChannelNode() : NodeFixture(new NodeOptions { Config = Config })
{
    public const string Secret = "0123456789abcdef0123456789abcdef";

    private const string Config = $$"""
        airwave {
          channels {
            locked { loop-file = "assets/demo.mp3", token-secret = "{{Secret}}", require-token = true, hls.segment-duration = 2s }
            office { loop-file = "assets/demo.mp3", allow = ["10.0.0.0/8"] }
            blocked { loop-file = "assets/demo.mp3", deny = ["127.0.0.0/8"] }
            lan { loop-file = "assets/demo.mp3", allow = ["127.0.0.0/8"], deny = ["127.0.0.2"] }
            studio { password = "pw", allow = ["127.0.0.1"] }
            sealed { password = "pw", deny = ["127.0.0.0/8"] }
          }
        }
        """;
}

public sealed class PrivateChannelTests(PrivateChannelNode fixture, ITestOutputHelper output) : IClassFixture<PrivateChannelNode>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task A_channel_requiring_tokens_refuses_every_url_without_one_and_plays_the_stream_and_hls_with_one()
    {
        await node.WaitForSourceAudioAsync("locked", 6, Generous);
        using var http = new HttpClient { Timeout = Generous };
        foreach (var path in new[] { "/locked", "/locked.m3u8", "/locked/dvr.m3u8", "/locked.m3u", "/locked/hls/1.mp3", "/locked/download?start=-10s&duration=5s", "/locked/live/-10s" })
        {
            using var refused = await http.GetAsync(node.Http(path), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: {refused.StatusCode}");
            Assert.Equal("a listener token is required (?token=)", (await refused.Content.ReadAsStringAsync()).Trim());
        }

        var token = await MintAsync(new { channel = "locked", expires = "10m" });
        using (var stream = await http.GetAsync(node.Http($"/locked?token={token}"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            // Answered by Kestrel (a private channel), with the fields the raw path writes.
            Assert.Equal(["bitrate=128;samplerate=44100;channels=2"], stream.Headers.GetValues("ice-audio-info"));
            Assert.Matches("^[0-9a-f]{32}$", Assert.Single(stream.Headers.GetValues("X-Airwave-Session")));
            var body = await stream.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[4096]) > 0);
        }

        // The playlists carry the token into the URLs they list, so a player that was only handed the playlist URL plays.
        var playlist = await http.GetStringAsync(node.Http($"/locked.m3u8?token={token}"));
        var uris = playlist.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        Assert.NotEmpty(uris);
        Assert.All(uris, line => Assert.Contains($"token={token}", line, StringComparison.Ordinal));
        var m3u = await http.GetStringAsync(node.Http($"/locked.m3u?token={token}"));
        Assert.True(m3u.Contains($"/locked?token={token}", StringComparison.Ordinal), m3u);
        var file = Path.Combine(Path.GetTempPath(), $"airwave-locked-{Guid.NewGuid():N}.mp3");
        try
        {
            var recorded = await FfmpegProcess.RecordAsync(node.Http($"/locked.m3u8?token={token}"), 4, file, Generous);
            Assert.True(recorded.ExitCode == 0, recorded.Output);
            Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
            Assert.InRange((await FfmpegProcess.ProbeAsync(file)).DurationSeconds, 3.5, 4.5);
        }
        finally
        {
            File.Delete(file);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var forged = token[..(dot + 1)] + (token[dot + 1] == 'A' ? 'B' : 'A') + token[(dot + 2)..];
        Assert.Equal((HttpStatusCode.Forbidden, "the listener token is not valid for /locked"), await GetAsync(http, $"/locked?token={forged}"));
        var brief = await MintAsync(new { channel = "locked", expires = "1s" });
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var (status, reason) = await GetAsync(http, $"/locked.m3u8?token={brief}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("the listener token expired at ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allow_and_deny_lists_keep_listeners_out_by_address_with_the_reason()
    {
        await node.WaitForSourceAudioAsync("lan", 2, Generous);
        using var http = new HttpClient { Timeout = Generous };
        using var fromSecondLoopback = new HttpClient(LoopbackAddress.BoundTo(IPAddress.Parse("127.0.0.2"))) { Timeout = Generous };

        Assert.Equal((HttpStatusCode.Forbidden, "/office is private: 127.0.0.1 is not in its allow list"), await GetAsync(http, "/office"));
        Assert.Equal((HttpStatusCode.Forbidden, "/office is private: 127.0.0.1 is not in its allow list"), await GetAsync(http, "/office.m3u8"));
        Assert.Equal((HttpStatusCode.Forbidden, "/blocked refuses clients from 127.0.0.1"), await GetAsync(http, "/blocked"));
        Assert.Equal((HttpStatusCode.Forbidden, "/lan refuses clients from 127.0.0.2"), await GetAsync(fromSecondLoopback, "/lan"));
        var metrics = await http.GetStringAsync(node.Http("/metrics"));
        Assert.Matches("(?m)^airwave_listeners_refused_total\\{[^}]*channel=\"office\"[^}]*\\} 2$", metrics);
        using var allowed = await http.GetAsync(node.Http("/lan"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(await (await allowed.Content.ReadAsStreamAsync()).ReadAsync(new byte[4096]) > 0);
    }

    [Fact]
    public async Task A_source_from_a_network_the_channel_refuses_gets_403_with_the_reason_and_an_allowed_one_plays()
    {
        using (var refused = await RawSourceClient.ConnectAsync(node.HttpPort))
        {
            await refused.SendPutHeadAsync("/sealed", "pw", "audio/mpeg");
            var answer = await refused.ReadResponseAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(403, answer.Status);
            Assert.Contains("/sealed refuses clients from 127.0.0.1", answer.Body, StringComparison.Ordinal);
        }

        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw@127.0.0.1:{node.HttpPort}/studio", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("studio", 2, Generous);
        output.WriteLine(node.Log.Text);
    }

    [Fact]
    public async Task Cli_token_mint_with_a_base_url_prints_signed_urls_that_play()
    {
        await node.WaitForSourceAudioAsync("locked", 6, Generous);

        var result = await ChildProcess.RunAsync(
            "dotnet",
            [RepoLayout.AirwaveDll, "token", "mint", "locked", "--expires", "5m", "--url", $"http://127.0.0.1:{node.HttpPort}/", "--host", $"127.0.0.1:{node.AdminPort}", "--data-dir", node.DataDirectory],
            Generous);

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var stream = Assert.Single(lines, line => line.StartsWith($"http://127.0.0.1:{node.HttpPort}/locked?token=", StringComparison.Ordinal));
        var hls = Assert.Single(lines, line => line.StartsWith($"http://127.0.0.1:{node.HttpPort}/locked.m3u8?token=", StringComparison.Ordinal));
        using var http = new HttpClient { Timeout = Generous };
        using (var response = await http.GetAsync(new Uri(stream), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains("#EXTINF", await http.GetStringAsync(new Uri(hls)), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Reason)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(node.Http(path), HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    private async Task<string> MintAsync(object request)
    {
        using var response = await node.Admin.PostAsJsonAsync(new Uri("api/tokens", UriKind.Relative), request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("token").GetString()!;
    }
}
