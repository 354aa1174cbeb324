using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>On-demand transcode sessions through the admin API, with a real ffmpeg writing the HLS a player reads.</summary>
public sealed class TranscodeSessionTests(TranscodeSessionNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TranscodeSessionNode>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Two_requests_for_one_channel_and_profile_share_one_ffmpeg_whose_hls_decodes_as_the_profile()
    {
        await node.WaitForSourceAudioAsync("reuse", 8, Generous);

        var (first, firstBody) = await StartAsync(new { channel = "reuse", profile = "mobile", user = "alice" });
        var (second, secondBody) = await StartAsync(new { channel = "reuse", profile = "mobile", user = "bob" });

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.OK, second);
        var id = firstBody.GetProperty("id").GetString()!;
        Assert.Equal(id, secondBody.GetProperty("id").GetString());
        Assert.False(firstBody.GetProperty("reused").GetBoolean());
        Assert.True(secondBody.GetProperty("reused").GetBoolean());
        Assert.Equal(1, FfmpegProcessesOf(id));
        var file = Path.Combine(node.RootDirectory, $"session-{id}.ts");
        var recorded = await FfmpegProcess.RecordAsync(node.Http(firstBody.GetProperty("playlist").GetString()!), 3, file, Generous);
        Assert.True(recorded.ExitCode == 0, recorded.Output);
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.Equal("aac", probe.Codec);
        Assert.Equal(1, probe.Channels);

        // ffmpeg's reading is a listen of the session in the analytics, with the segments' audio.
        var listen = await Poll.UntilAsync(
            async () => (await node.Admin.GetStringAsync("api/analytics/listens?channel=reuse&from=-5m"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .FirstOrDefault(l => l.GetProperty("session_id").GetString() == id),
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("seconds").GetDouble() >= 3,
            Generous,
            "the transcode session's listen with ffmpeg's 3 s");
        Assert.Equal(("transcode", "reuse"), (listen.GetProperty("output").GetString(), listen.GetProperty("channel").GetString()));
    }

    [Fact]
    public async Task A_session_nobody_asks_for_stops_its_ffmpeg_and_removes_its_files()
    {
        await node.WaitForSourceAudioAsync("expiry", 8, Generous);
        var (status, body) = await StartAsync(new { channel = "expiry", profile = "mobile", user = "carol" });
        Assert.Equal(HttpStatusCode.OK, status);
        var id = body.GetProperty("id").GetString()!;
        var directory = Path.Combine(node.DataDirectory, "transcode", id);
        Assert.True(Directory.Exists(directory));

        await Poll.UntilAsync(async () => (await node.Admin.GetAsync(new Uri("api/transcode/" + id, UriKind.Relative))).StatusCode, s => s == HttpStatusCode.NotFound, Generous, "the session to expire");

        Assert.False(Directory.Exists(directory));
        Assert.Equal(0, FfmpegProcessesOf(id));
        Assert.Contains($"transcode session {id} stopped: no heartbeat for 10s", node.Log.Since(0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_source_refuses_other_users_with_429_but_lets_a_user_take_back_their_own_slot()
    {
        await node.WaitForSourceAudioAsync("capacity", 12, Generous);
        var (_, dave) = await StartAsync(new { channel = "capacity", profile = "mobile", user = "dave" });
        var (_, erin) = await StartAsync(new { channel = "capacity", profile = "mobile", user = "erin", offset = "5" });

        var (refused, refusal) = await StartAsync(new { channel = "capacity", profile = "mobile", user = "frank", offset = "8" });
        var (reclaimed, again) = await StartAsync(new { channel = "capacity", profile = "mobile", user = "dave", offset = "8" });

        Assert.Equal((HttpStatusCode)429, refused);
        Assert.Equal("Source at capacity (2 streams)", refusal.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, reclaimed);
        Assert.NotEqual(dave.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Admin.GetAsync(new Uri("api/transcode/" + dave.GetProperty("id").GetString(), UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Admin.GetAsync(new Uri("api/transcode/" + erin.GetProperty("id").GetString(), UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_users_new_session_beyond_their_limit_stops_their_oldest()
    {
        await node.WaitForSourceAudioAsync("user", 12, Generous);
        var (_, older) = await StartAsync(new { channel = "user", profile = "mobile", user = "gina" });

        var (status, newer) = await StartAsync(new { channel = "user", profile = "mobile", user = "gina", offset = "6" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Admin.GetAsync(new Uri("api/transcode/" + older.GetProperty("id").GetString(), UriKind.Relative))).StatusCode);
        Assert.Equal("running", newer.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Ffmpeg_failing_at_once_is_answered_502_with_what_it_said()
    {
        await node.WaitForSourceAudioAsync("reuse", 4, Generous);

        var (status, body) = await StartAsync(new { channel = "reuse", profile = "tv", user = "hank" });

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("Stream map '0:v:0' matches no streams", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason()
    {
        var (missing, missingBody) = await StartAsync(new { channel = "reuse", profile = "mobile" });
        var (profile, profileBody) = await StartAsync(new { channel = "reuse", profile = "hifi", user = "ivy" });
        var (channel, _) = await StartAsync(new { channel = "nope", profile = "mobile", user = "ivy" });
        var (soon, soonBody) = await StartAsync(new { channel = "reuse", profile = "mobile", user = "ivy", position = "soon" });
        var (ahead, _) = await StartAsync(new { channel = "reuse", profile = "mobile", user = "ivy", offset = "5", position = "1h" });

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("channel, profile and user are required", missingBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, profile);
        Assert.Equal("no profile hifi (airwave.transcoding.profiles has: mobile, tv)", profileBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, channel);
        Assert.Equal(HttpStatusCode.BadRequest, soon);
        Assert.Equal("position \"soon\" is not a time within the session (0, 90s, 20m, 1h; a live session's is behind live)", soonBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, ahead);
    }

    [Fact]
    public async Task An_archive_window_finishes_and_is_served_whole_from_its_files()
    {
        var channel = await node.WaitForSourceAudioAsync("window", 12, Generous);
        var start = channel.OldestUtc().AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var (status, body) = await StartAsync(new { channel = "window", profile = "mobile", user = "jack", start, duration = "8s" });

        Assert.Equal(HttpStatusCode.OK, status);
        var id = body.GetProperty("id").GetString()!;
        // The answer comes with two segments; the rest of the window follows as fast as ffmpeg encodes it.
        await Poll.UntilAsync(() => node.GetAdminJsonAsync("api/transcode/" + id), s => s.GetProperty("state").GetString() == "finished", Generous, "the window finished");
        Assert.Equal(0, FfmpegProcessesOf(id));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var playlist = await http.GetStringAsync(node.Http(body.GetProperty("playlist").GetString()!));
        Assert.Contains("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        var file = Path.Combine(node.RootDirectory, $"window-{id}.ts");
        var recorded = await FfmpegProcess.RecordAsync(node.Http(body.GetProperty("playlist").GetString()!), 30, file, Generous);
        Assert.True(recorded.ExitCode == 0, recorded.Output);
        Assert.InRange((await FfmpegProcess.ProbeAsync(file)).DurationSeconds, 7.5, 8.5);
    }

    [Fact]
    public async Task A_listener_token_of_the_channel_starts_a_session_on_the_listener_port_and_nothing_else_does()
    {
        await node.WaitForSourceAudioAsync("tokened", 8, Generous);
        var token = await MintAsync(new { channel = "tokened", expires = "10m" });
        var request = new { channel = "tokened", profile = "mobile", user = "liz" };

        var (status, body) = await ListenerStartAsync(token, request);
        Assert.Equal(HttpStatusCode.OK, status);
        using var http = new HttpClient { Timeout = Generous };
        Assert.Contains("#EXTINF", await http.GetStringAsync(node.Http(body.GetProperty("playlist").GetString()!)), StringComparison.Ordinal);

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var refusals = new (string? Token, object Request, string Reason)[]
        {
            (null, request, "a listener token is required (?token=)"),
            (token[..(dot + 1)] + (token[dot + 1] == 'A' ? 'B' : 'A') + token[(dot + 2)..], request, "the listener token is not valid for /tokened"),
            (token, new { channel = "reuse", profile = "mobile", user = "liz" }, "/reuse takes no listener tokens (it has no token-secret)"),
            (await MintAsync(new { channel = "tokened", client = "192.0.2.7" }), request, "the listener token is not valid for /tokened from 127.0.0.1"),
        };
        foreach (var (forged, forRequest, reason) in refusals)
        {
            var (refused, why) = await ListenerStartAsync(forged, forRequest);
            Assert.Equal(HttpStatusCode.Forbidden, refused);
            Assert.Equal(reason, why.GetProperty("error").GetString());
        }

        var brief = await MintAsync(new { channel = "tokened", expires = "1s" });
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var (expired, expiredWhy) = await ListenerStartAsync(brief, request);
        Assert.Equal(HttpStatusCode.Forbidden, expired);
        Assert.StartsWith("the listener token expired at ", expiredWhy.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var noSecret = await node.Admin.PostAsJsonAsync(new Uri("api/tokens", UriKind.Relative), new { channel = "reuse" });
        Assert.Equal(HttpStatusCode.Conflict, noSecret.StatusCode);
    }

    [Fact]
    public async Task Cli_token_mint_prints_a_token_the_listener_port_takes()
    {
        await node.WaitForSourceAudioAsync("tokened", 8, Generous);

        var result = await ChildProcess.RunAsync(
            "dotnet", [RepoLayout.AirwaveDll, "token", "mint", "tokened", "--expires", "5m", "--host", $"127.0.0.1:{node.AdminPort}", "--data-dir", node.DataDirectory], Generous);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("for /tokened until ", result.Output, StringComparison.Ordinal);
        var (status, _) = await ListenerStartAsync(result.Output.Split('\n')[0].Trim(), new { channel = "tokened", profile = "mobile", user = "max" });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<string> MintAsync(object request)
    {
        using var response = await node.Admin.PostAsJsonAsync(new Uri("api/tokens", UriKind.Relative), request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ListenerStartAsync(string? token, object request)
    {
        using var http = new HttpClient { Timeout = Generous };
        using var response = await http.PostAsJsonAsync(node.Http(token is null ? "/transcode" : "/transcode?token=" + Uri.EscapeDataString(token)), request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(object request)
    {
        using var response = await node.Admin.PostAsJsonAsync(new Uri("api/transcode", UriKind.Relative), request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The ffmpeg processes writing into the session's directory.</summary>
    private static int FfmpegProcessesOf(string id) =>
        Directory.EnumerateDirectories("/proc").Count(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(id, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });
}
