using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>A video rendition of a pulled transport stream, made by libx264 and checked with ffprobe, raw and through HLS.</summary>
public sealed class VideoRenditionTests(VideoRenditionNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<VideoRenditionNode>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("/tv-144p")]
    [InlineData("/tv-144p.m3u8")]
    public async Task A_video_rendition_has_the_configured_height_and_aac_sound(string path)
    {
        await node.WaitForSourceAudioAsync("tv-144p", 6, Generous);
        var file = Path.Combine(node.RootDirectory, $"video-{Guid.NewGuid():N}.ts");

        var recorded = await FfmpegProcess.RecordAsync(node.Http(path), 4, file, Generous);

        Assert.True(recorded.ExitCode == 0, $"recording {path} failed: {recorded.Output}");
        var streams = await ProbeStreamsAsync(file);
        var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal(144, video.GetProperty("height").GetInt32());
        Assert.Equal(256, video.GetProperty("width").GetInt32());
        Assert.Contains(streams, s => s.GetProperty("codec_type").GetString() == "audio" && s.GetProperty("codec_name").GetString() == "aac");
    }

    [Fact]
    public async Task The_channels_group_lists_the_source_and_its_video_rendition()
    {
        await node.WaitForSourceAudioAsync("tv-144p", 4, Generous);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var master = await http.GetStringAsync(node.Http("/groups/tv.m3u8"));

        Assert.Contains("/tv.m3u8?sid=", master, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=198000", master, StringComparison.Ordinal);
        Assert.Contains("/tv-144p.m3u8?sid=", master, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_video_renditions_segments_start_on_the_utc_grid_of_the_segment_duration()
    {
        await node.WaitForSourceAudioAsync("tv-144p", 10, Generous);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var playlist = await http.GetStringAsync(node.Http("/tv-144p.m3u8"));

        // The first segment may start wherever the rendition did; every later one at a forced keyframe on the 2 s grid.
        var starts = playlist.Split('\n')
            .Where(line => line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            .Select(line => DateTime.Parse(line["#EXT-X-PROGRAM-DATE-TIME:".Length..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal))
            .Skip(1)
            .ToList();
        Assert.True(starts.Count >= 3, playlist);
        Assert.All(starts, start => Assert.InRange(start.Ticks % (2 * TimeSpan.TicksPerSecond), 0, TimeSpan.TicksPerSecond / 10));
    }

    private static async Task<List<JsonElement>> ProbeStreamsAsync(string file)
    {
        var result = await ChildProcess.RunAsync(
            "ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "json", file], TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"ffprobe failed: {result.Output}");
        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.Clone()).ToList();
    }
}
