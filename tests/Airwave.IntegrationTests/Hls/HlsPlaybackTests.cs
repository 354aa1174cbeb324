using System.Net;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>Live HLS read by real ffmpeg, and the HTTP rules of playlists and segments.</summary>
public sealed class HlsPlaybackTests(HlsNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<HlsNode>
{
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Ffmpeg_reads_30_seconds_of_live_hls_without_errors_and_the_result_lasts_30_seconds()
    {
        // A channel of its own: on a mount other tests push to, the live window could hold the gap between their source
        // and this one, which ffmpeg's -t counts as recorded time (it recorded 28 s of audio in "30 s" that way).
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, Icecast("recorded"), "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("recorded", 8);
        var file = Path.Combine(node.RootDirectory, "hls-read.mp3");

        var result = await FfmpegProcess.RecordAsync(node.Http("/recorded.m3u8"), 30, file, TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
        // ffmpeg's -c copy may warn about packet timestamps it re-derives at segment joins; errors would be fatal.
        Assert.DoesNotContain("rror", result.Output, StringComparison.Ordinal);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.DurationSeconds is >= 29.5 and <= 30.5, $"ffmpeg recorded {probe.DurationSeconds} s; it said: {result.Output}");
        var channel = await node.WaitForChannelAsync("recorded", c => c.GetProperty("hlsSessions").GetInt32() >= 1, "an HLS session");
        Assert.True(channel.GetProperty("hlsSegments").GetInt32() >= 10);
    }

    [Fact]
    public async Task A_channel_without_a_segment_yet_answers_its_playlists_503_with_retry_after_one_segment_never_404()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var path in new[] { "/silent.m3u8", "/silent/dvr.m3u8", "/silent.m3u8?offset=30" })
        {
            using var response = await http.GetAsync(node.Http(path));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            Assert.Equal("/silent: no HLS segments yet\n", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(node.Http("/no-such-channel.m3u8"))).StatusCode);
    }

    [Fact]
    public async Task Playlists_are_not_cached_segments_are_immutable_and_bad_names_are_refused()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.AacStereo64, Icecast("radio-aac"), "audio/aac", "adts", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("radio-aac", 5);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var playlist = await http.GetAsync(node.Http("/radio-aac.m3u8"));
        var text = await playlist.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", playlist.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", playlist.Headers.CacheControl?.ToString());
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:", text, StringComparison.Ordinal);
        var segmentUri = text.Split('\n').Last(line => line.StartsWith("/radio-aac/hls/", StringComparison.Ordinal));

        using var segment = await http.GetAsync(node.Http(segmentUri));
        var bytes = await segment.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.Equal("audio/aac", segment.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", segment.Headers.CacheControl?.ToString());
        Assert.Equal("ID3"u8.ToArray(), bytes[..3]);
        Assert.Equal(0xFF, bytes[73]);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(node.Http("/radio-aac/hls/999999999.aac"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(node.Http("/radio-aac/hls/..%2F..%2Fetc%2Fpasswd"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(node.Http("/radio-aac/hls/-1.aac"))).StatusCode);

        var dvr = await http.GetStringAsync(node.Http("/radio-aac/dvr.m3u8"));
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT", dvr, StringComparison.Ordinal);
        var shifted = await http.GetStringAsync(node.Http("/radio-aac.m3u8?offset=2"));
        Assert.Contains("#EXTINF:", shifted, StringComparison.Ordinal);
        var at = await http.GetStringAsync(node.Http("/radio-aac.m3u8?at=" + Uri.EscapeDataString(DateTime.UtcNow.AddSeconds(-3).ToString("O"))));
        Assert.Matches(@"/radio-aac\.m3u8\?offset=\d+&sid=", at);
    }

    [Fact]
    public async Task A_group_master_playlist_lists_its_members_with_bandwidth_and_codecs()
    {
        await using var mp3 = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, Icecast("radio-mp3"), "audio/mpeg", "mp3", node.Log, loop: true);
        await using var aac = FfmpegProcess.PushSource(Fixtures.AacStereo64, Icecast("radio-aac"), "audio/aac", "adts", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("radio-mp3", 1);
        await node.WaitForSourceAudioAsync("radio-aac", 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var master = await http.GetStringAsync(node.Http("/groups/radio.m3u8"));

        Assert.Matches("#EXT-X-STREAM-INF:BANDWIDTH=\\d+,CODECS=\"mp4a.40.2\"\n/radio-aac.m3u8\\?sid=", master);
        Assert.Matches("#EXT-X-STREAM-INF:BANDWIDTH=\\d+,CODECS=\"mp4a.40.34\"\n/radio-mp3.m3u8\\?sid=", master);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(node.Http("/groups/nope.m3u8"))).StatusCode);
    }

    private string Icecast(string mount) => $"icecast://source:pw@127.0.0.1:{node.HttpPort}/{mount}";
}
