using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>Renditions made by a real ffmpeg, checked with ffprobe and by the tones they play.</summary>
public sealed class RenditionTests(RenditionNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<RenditionNode>
{
    private const int SampleRate = 44100;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("/tones-aac64", "aac", 64, 2, ".aac")]
    [InlineData("/tones-mp3-32", "mp3", 32, 1, ".mp3")]
    [InlineData("/tones-aac64.m3u8", "aac", 64, 2, ".aac")]
    [InlineData("/tones-mp3-32.m3u8", "mp3", 32, 1, ".mp3")]
    public async Task A_rendition_decodes_as_its_codec_at_its_bitrate(string path, string codec, int kbps, int channels, string extension)
    {
        await node.WaitForSourceAudioAsync(path.Split('.')[0].TrimStart('/'), 10, Generous);
        var file = Path.Combine(node.RootDirectory, $"rendition-{Guid.NewGuid():N}{extension}");

        var recorded = await FfmpegProcess.RecordAsync(node.Http(path), 8, file, Generous);

        Assert.True(recorded.ExitCode == 0, $"recording {path} failed: {recorded.Output}");
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.Equal(codec, probe.Codec);
        Assert.Equal(channels, probe.Channels);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var measured = new FileInfo(file).Length * 8 / probe.DurationSeconds / 1000;
        Assert.InRange(measured, kbps * 0.85, kbps * 1.2);
    }

    [Fact]
    public async Task The_channels_group_lists_it_and_its_renditions_with_bandwidth_and_codecs()
    {
        await node.WaitForSourceAudioAsync("tones-mp3-32", 2, Generous);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var master = await http.GetStringAsync(node.Http("/groups/tones.m3u8"));

        var levels = master.Split('\n').Where(line => line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "#EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS=\"mp4a.40.34\"", "#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.2\"",
                "#EXT-X-STREAM-INF:BANDWIDTH=32000,CODECS=\"mp4a.40.2\"", "#EXT-X-STREAM-INF:BANDWIDTH=32000,CODECS=\"mp4a.40.34\"",
            ],
            levels);
        Assert.Contains("/tones-aac64.m3u8?sid=", master, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_one_instant_the_source_and_its_rendition_play_the_same_tone()
    {
        var source = await node.WaitForChannelAsync("tones", c => c.BufferSeconds() >= 18, "18 s of tones", Generous);
        var rendition = await node.WaitForChannelAsync("tones-aac64", c => c.NewestUtc() >= source.OldestUtc().AddSeconds(16), "the rendition past the second tone", Generous);
        // 0.8 s into the second tone of the first loop, which both channels hold: a rendition off its source's
        // timeline by more than a few tenths of a second plays the end of the first tone there.
        var target = source.OldestUtc().AddSeconds(8.8);
        Assert.True(rendition.OldestUtc() <= target, $"the rendition starts at {rendition.OldestUtc():O}, after {target:O}");
        var at = Uri.EscapeDataString(target.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

        var fromSource = await PlaybackStartAsync($"/tones?at={at}");
        var fromRendition = await PlaybackStartAsync($"/tones-aac64?at={at}");

        // Both start at the chunk holding the instant: chunks are half a second, so the starts are less than that apart.
        Assert.InRange((fromRendition - fromSource).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(0.6));
        Assert.Equal(880, await HeardToneAsync($"/tones?at={at}", ".mp3"));
        Assert.Equal(880, await HeardToneAsync($"/tones-aac64?at={at}", ".aac"));
    }

    [Fact]
    public async Task Source_titles_reach_the_renditions()
    {
        await node.WaitForSourceAudioAsync("tones-aac64", 2, Generous);
        var title = "Tone test " + Guid.NewGuid().ToString("N")[..6];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var update = new HttpRequestMessage(HttpMethod.Get, node.Http("/admin/metadata?mount=/tones&mode=updinfo&song=" + Uri.EscapeDataString(title)));
        update.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("source:" + RenditionNode.SourcePassword)));
        using (var response = await http.SendAsync(update))
        {
            Assert.True(response.IsSuccessStatusCode, $"setting the title answered {(int)response.StatusCode}");
        }

        foreach (var rendition in new[] { "tones-aac64", "tones-mp3-32" })
        {
            await node.WaitForChannelAsync(rendition, c => c.GetProperty("title").GetString() == title, $"{title} on /{rendition}", Generous);
        }
    }

    [Fact]
    public async Task A_killed_ffmpeg_comes_back_with_a_discontinuity_and_its_listeners_stay()
    {
        var before = await node.WaitForChannelAsync("tones-aac64", c => Transcoder(c).GetProperty("transcoder").GetString() == "running", "a running transcoder", Generous);
        var pid = Transcoder(before).GetProperty("processId").GetInt32();
        var starts = Transcoder(before).GetProperty("starts").GetInt32();
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/tones-aac64");
        await listener.WaitForBytesAsync(16_000, Generous);

        using (var ffmpeg = Process.GetProcessById(pid))
        {
            ffmpeg.Kill();
        }

        var after = await node.WaitForChannelAsync(
            "tones-aac64",
            c => Transcoder(c).GetProperty("starts").GetInt32() > starts && Transcoder(c).GetProperty("transcoder").GetString() == "running",
            "the transcoder running again",
            Generous);
        Assert.True(Transcoder(after).GetProperty("failures").GetInt32() >= 1);
        Assert.Contains("exited", Transcoder(after).GetProperty("reason").GetString(), StringComparison.Ordinal);
        var received = listener.BodyLength;
        // 64 kbit/s is 8 KB a second: the listener hears the restarted rendition.
        await listener.WaitForBytesAsync(received + 24_000, Generous);
        Assert.False(listener.Ended, $"the listener was dropped: {listener.EndedBy}");
        await Poll.UntilAsync(
            () => GetStringAsync("/tones-aac64.m3u8"), playlist => playlist.Contains("#EXT-X-DISCONTINUITY", StringComparison.Ordinal), Generous, "a discontinuity in the rendition's playlist");
    }

    [Fact]
    public async Task Hls_js_in_chromium_plays_a_group_of_renditions_and_switches_between_its_levels()
    {
        await node.WaitForSourceAudioAsync("tones-aac32", 10, Generous);
        await using var chromium = await HeadlessChromium.LaunchAsync(autoplay: true);
        var page = chromium.Page;
        // One codec per group: hls.js switches levels within one SourceBuffer, and refuses MP3 audio after AAC.
        await page.GotoAsync(node.Http("/static/player.html?group=tones-aac").ToString());
        string Context() => $"state: {page.InnerTextAsync("#hls-state").Result}; console: {string.Join(" | ", chromium.Console)}";
        await PlayheadAsync(page, p => p > 0.5, Context);

        // hls.js numbers levels by bitrate; the page lists them as "<number>=<bitrate> <codec>". Each is pinned in turn, and back.
        var levels = await page.EvalOnSelectorAllAsync<string[]>("#level option", "options => options.map(o => o.value + '=' + o.textContent)");
        string LevelOf(string label) => levels.Single(l => l.Contains("=" + label, StringComparison.Ordinal)).Split('=')[0];
        foreach (var label in new[] { "32 kbit/s", "64 kbit/s", "32 kbit/s" })
        {
            var level = LevelOf(label);
            await page.SelectOptionAsync("#level", level);
            await Poll.UntilAsync(
                () => page.InnerTextAsync("#level-state"), text => text.StartsWith($"playing level {level}: {label}", StringComparison.Ordinal), Generous, $"hls.js on {label}", Context);
            var switched = await PlayheadAsync(page, _ => true, Context);
            await PlayheadAsync(page, p => p > switched + 4, Context);
        }

        Assert.DoesNotContain("fatal", await page.InnerTextAsync("#hls-state"), StringComparison.Ordinal);
    }

    /// <summary>The audio element's playhead once <paramref name="ready"/> holds (within a minute).</summary>
    private static async Task<double> PlayheadAsync(Microsoft.Playwright.IPage page, Func<double, bool> ready, Func<string> context) =>
        await Poll.UntilAsync(() => page.EvalOnSelectorAsync<double>("#hls", "e => e.currentTime"), ready, Generous, "the group's audio playing", context);

    private static JsonElement Transcoder(JsonElement channel) => channel.GetProperty("rendition");

    private async Task<string> GetStringAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetStringAsync(node.Http(path));
    }

    private async Task<DateTime> PlaybackStartAsync(string pathAndQuery)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var head = new HttpRequestMessage(HttpMethod.Head, node.Http(pathAndQuery));
        using var response = await http.SendAsync(head);
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} answered {(int)response.StatusCode}");
        Assert.True(response.Headers.TryGetValues("X-Airwave-Playback-Start", out var values), $"{pathAndQuery}: no X-Airwave-Playback-Start");
        return DateTime.Parse(values.Single(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Records 2 s from <paramref name="pathAndQuery"/> and returns the tone of <see cref="RenditionNode.Tones"/> it is closest to.</summary>
    private async Task<int> HeardToneAsync(string pathAndQuery, string extension)
    {
        var file = Path.Combine(node.RootDirectory, $"heard-{Guid.NewGuid():N}{extension}");
        var recorded = await FfmpegProcess.RecordAsync(node.Http(pathAndQuery), 2, file, Generous);
        Assert.True(recorded.ExitCode == 0, $"recording {pathAndQuery} failed: {recorded.Output}");
        var heard = ToneAnalysis.DominantFrequency(await FfmpegProcess.DecodePcmAsync(file, SampleRate), SampleRate);
        var tone = RenditionNode.Tones.MinBy(hz => Math.Abs(hz - heard));
        Assert.InRange(heard, tone * 0.95, tone * 1.05);
        return tone;
    }
}
