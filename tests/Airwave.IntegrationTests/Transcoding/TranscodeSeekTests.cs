using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Harness;
using Microsoft.Playwright;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>Seeking inside transcode sessions whose ffmpeg encodes no faster than real time, so a seek lands past what it has written.</summary>
public sealed class TranscodeSeekTests(TranscodeSeekNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TranscodeSeekNode>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task A_seek_past_what_is_written_transcodes_from_there_and_the_window_still_finishes_whole()
    {
        var (id, start) = await StartWindowAsync("ann", 1, 40);
        using var http = new HttpClient { Timeout = Generous };

        // The first ffmpeg has written a few of the twenty segments: 32 s in is far past it, even on a loaded machine.
        var playlist = await http.GetStringAsync(node.Http($"/transcode/{id}/index.m3u8?start=32"));
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:16\n", playlist, StringComparison.Ordinal);
        Assert.Equal(["16.ts", "17.ts", "18.ts", "19.ts"], playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)));
        var sought = await SaveAsync(http, id, 16);
        var first = await SaveAsync(http, id, 0);

        Assert.Contains($"transcode session {id}: ffmpeg", node.Log.Since(0), StringComparison.Ordinal);
        Assert.Contains("(run 1) for ann from /window at 32s, segment 16", node.Log.Since(0), StringComparison.Ordinal);
        // Segment 16 plays 32 s after segment 0: its timestamps continue the session's timeline.
        Assert.InRange(await StartTimeAsync(sought) - await StartTimeAsync(first), 31.95, 32.05);

        // A second viewer seeking into the same window joins the session at that point.
        var (joined, joinedBody) = await StartAsync(new { channel = "window", profile = "mobile", user = "ben", start, duration = "40s", position = "6s" });
        Assert.Equal(HttpStatusCode.OK, joined);
        Assert.True(joinedBody.GetProperty("reused").GetBoolean());
        Assert.Equal($"/transcode/{id}/index.m3u8?start=6", joinedBody.GetProperty("playlist").GetString());

        // The runs fill the places nobody asked for yet, each once, and the finished window plays whole.
        await Poll.UntilAsync(() => node.GetAdminJsonAsync("api/transcode/" + id), s => s.GetProperty("state").GetString() == "finished", Generous, "the window finished");
        // Twenty places on the grid; ffmpeg may add a twenty-first of a frame or two, where the window's last frame ends after it.
        // The state answers before the node's log line has reached this process, so the line is waited for.
        var finished = new Regex($"transcode session {id} finished: 2[01] segments in [3-9] ffmpeg run");
        await Poll.UntilAsync(() => Task.FromResult(node.Log.Since(0)), finished.IsMatch, TimeSpan.FromSeconds(15), "the session's finished line in the node's log");
        var whole = await http.GetStringAsync(node.Http($"/transcode/{id}/index.m3u8"));
        Assert.InRange(whole.Split('\n').Count(l => l.EndsWith(".ts", StringComparison.Ordinal)), 20, 21);
        var file = Path.Combine(node.RootDirectory, $"seek-{id}.ts");
        var recorded = await FfmpegProcess.RecordAsync(node.Http($"/transcode/{id}/index.m3u8"), 60, file, Generous);
        Assert.True(recorded.ExitCode == 0, recorded.Output);
        // Where two runs meet, the later one's first AAC frame (the encoder's priming) overlaps the earlier one's last:
        // the copy muxer names the overlap, and nothing else may be wrong.
        var errors = (await FfmpegProcess.DecodeErrorsAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(errors.All(e => e.Contains("non monotonically increasing dts", StringComparison.Ordinal)), string.Join('\n', errors));
        Assert.InRange((await FfmpegProcess.ProbeAsync(file)).DurationSeconds, 39.5, 40.5);
    }

    [Fact]
    public async Task A_live_session_seeks_forward_to_live_but_not_past_it()
    {
        await node.WaitForSourceAudioAsync("live", 44, Generous);
        // Forty seconds behind live, encoding at real time: the session stays forty seconds behind.
        var (status, body) = await StartAsync(new { channel = "live", profile = "mobile", user = "cat", offset = "40s" });
        Assert.Equal(HttpStatusCode.OK, status);
        var id = body.GetProperty("id").GetString()!;
        using var http = new HttpClient { Timeout = Generous };

        var sought = await SaveAsync(http, id, 17);
        using var ahead = await http.GetAsync(node.Http($"/transcode/{id}/40.ts"));
        var playlist = await http.GetStringAsync(node.Http($"/transcode/{id}/index.m3u8"));

        Assert.Contains("(run 1) for cat from /live at 34s, segment 17", node.Log.Since(0), StringComparison.Ordinal);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(sought));
        Assert.Equal(HttpStatusCode.NotFound, ahead.StatusCode);
        Assert.Contains("segment 40 is outside the session", await ahead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", playlist, StringComparison.Ordinal);
        Assert.Contains("\n17.ts\n", playlist, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hls_js_seeks_a_window_session_past_what_is_written_and_plays_from_there()
    {
        // Not the other test's window: this one must start with nothing written.
        var (id, _) = await StartWindowAsync("dee", 2, 60);
        await using var chromium = await HeadlessChromium.LaunchAsync(autoplay: true);
        var page = chromium.Page;
        await page.GotoAsync(node.Http($"/static/player.html?session={id}").ToString());
        await PlayheadAsync(page, chromium.Console, p => p > 0.5);

        await page.EvalOnSelectorAsync("#hls", "e => { e.currentTime = 50; }");

        var playing = await PlayheadAsync(page, chromium.Console, p => p >= 52);
        Assert.InRange(playing, 52, 60);
        Assert.Contains($"transcode session {id}: ffmpeg", node.Log.Since(0), StringComparison.Ordinal);
        // hls.js asks for the segment holding 50 s, or the one before when 50 s falls on a boundary.
        Assert.Matches($"transcode session {id}: ffmpeg [0-9]+ \\(run [1-9]\\) for dee from /window at (48|50)s, segment (24|25)", node.Log.Since(0));
    }

    private static async Task<double> PlayheadAsync(IPage page, List<string> console, Func<double, bool> ready)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var playhead = await page.EvalOnSelectorAsync<double>("#hls", "e => e.currentTime");
            if (ready(playhead))
            {
                return playhead;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the player is at {playhead:0.0} s; state: {await page.InnerTextAsync("#hls-state")}; console: {string.Join(" | ", console)}");
            await Task.Delay(250);
        }
    }

    /// <summary>Starts a session of the window <paramref name="seconds"/> long from <paramref name="after"/> seconds after the oldest audio held.</summary>
    private async Task<(string Id, string Start)> StartWindowAsync(string user, int after, int seconds)
    {
        var channel = await node.WaitForSourceAudioAsync("window", after + seconds + 2, Generous);
        var start = channel.OldestUtc().AddSeconds(after).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (status, body) = await StartAsync(new { channel = "window", profile = "mobile", user, start, duration = string.Create(CultureInfo.InvariantCulture, $"{seconds}s") });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return (body.GetProperty("id").GetString()!, start);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(object request)
    {
        using var response = await node.Admin.PostAsJsonAsync(new Uri("api/transcode", UriKind.Relative), request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<string> SaveAsync(HttpClient http, string id, int segment)
    {
        using var response = await http.GetAsync(node.Http($"/transcode/{id}/{segment}.ts"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"segment {segment}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var file = Path.Combine(node.RootDirectory, $"seek-{id}-{segment}.ts");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    private static async Task<double> StartTimeAsync(string file)
    {
        var result = await ChildProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=start_time", "-of", "csv=p=0", file], TimeSpan.FromSeconds(30));
        return double.Parse(result.Output.Trim(), CultureInfo.InvariantCulture);
    }
}
