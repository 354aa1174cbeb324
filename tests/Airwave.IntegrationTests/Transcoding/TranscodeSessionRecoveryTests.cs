using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>After a restart, finished archive windows are served again, live sessions are not resurrected, and orphaned directories go.</summary>
public sealed class TranscodeSessionRecoveryTests(ITestOutputHelper output) : NodePerTest(output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private protected override NodeOptions Options { get; } = new() { Config = TranscodeSessionNode.Config };

    [Fact]
    public async Task A_restarted_node_serves_its_finished_windows_and_forgets_the_rest()
    {
        var channel = await Node.WaitForSourceAudioAsync("window", 12, Generous);
        var start = channel.OldestUtc().AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var finished = await StartAsync(new { channel = "window", profile = "mobile", user = "kim", start, duration = "6s" });
        await Poll.UntilAsync(() => Node.GetAdminJsonAsync("api/transcode/" + finished), s => s.GetProperty("state").GetString() == "finished", Generous, "the window finished");
        var live = await StartAsync(new { channel = "reuse", profile = "mobile", user = "lee" });
        var orphan = Directory.CreateDirectory(Path.Combine(Node.DataDirectory, "transcode", "0123456789abcdef")).FullName;
        File.WriteAllText(Path.Combine(orphan, "0.ts"), "left by a crash");

        Assert.Equal(0, await Node.StopAsync(Generous));
        await Node.StartAsync();

        var sessions = await Node.GetAdminJsonAsync("api/transcode");
        Assert.Equal([finished], sessions.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("finished", sessions[0].GetProperty("state").GetString());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.Contains("#EXT-X-ENDLIST", await http.GetStringAsync(Node.Http($"/transcode/{finished}/index.m3u8")), StringComparison.Ordinal);
        using (var segment = await http.GetAsync(Node.Http($"/transcode/{finished}/2.ts")))
        {
            Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
            Assert.Equal(0x47, (await segment.Content.ReadAsByteArrayAsync())[0]);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Node.Http($"/transcode/{live}/index.m3u8"))).StatusCode);
        Assert.False(Directory.Exists(orphan));
        Assert.False(Directory.Exists(Path.Combine(Node.DataDirectory, "transcode", live)));
    }

    private async Task<string> StartAsync(object request)
    {
        using var response = await Node.Admin.PostAsJsonAsync(new Uri("api/transcode", UriKind.Relative), request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetString()!;
    }
}
