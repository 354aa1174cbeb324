using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>
/// A mount whose shows change codec (MP3, AAC, MP3, AAC, then the MP3 fallback): every connection, time-shift answer and
/// HLS segment carries one codec, the one it announces, and ffmpeg decodes each without an error.
/// </summary>
public sealed partial class CodecChangeTests(CodecChangeNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<CodecChangeNode>
{
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(90);
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData(0, "audio/mpeg", "mp3")]
    [InlineData(1, "audio/aac", "aac")]
    public async Task A_listener_is_closed_where_the_next_show_changes_codec_and_heard_only_the_codec_it_was_told(int show, string contentType, string codec)
    {
        var listener = fixture.Listeners[show];
        await listener.WaitForEndAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(contentType, listener.Headers["Content-Type"]);
        var file = Path.Combine(node.RootDirectory, $"listener-{show}.{codec}");
        await File.WriteAllBytesAsync(file, listener.Body());
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        Assert.Equal(codec, (await FfmpegProcess.ProbeAsync(file)).Codec);
    }

    [Fact]
    public async Task A_new_listener_after_an_aac_show_left_hears_the_mp3_fallback_and_is_told_so()
    {
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/live");
        await listener.WaitForBytesAsync(48 * 1024, TimeSpan.FromSeconds(30));

        Assert.Equal("audio/mpeg", listener.Headers["Content-Type"]);
        var file = Path.Combine(node.RootDirectory, "fallback.mp3");
        await File.WriteAllBytesAsync(file, listener.Body());
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(file)).Codec);
    }

    [Theory]
    [InlineData(0, "mp3")]
    [InlineData(1, "aac")]
    [InlineData(2, "mp3")]
    public async Task A_time_shift_answers_in_the_codec_it_starts_in_and_stops_at_the_next_codec(int show, string codec)
    {
        var at = fixture.Shows[show].StartUtc.AddSeconds(2).ToString("o", CultureInfo.InvariantCulture);
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, $"/live?at={Uri.EscapeDataString(at)}");
        await listener.WaitForEndAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(fixture.Shows[show].ContentType, listener.Headers["Content-Type"]);
        var file = Path.Combine(node.RootDirectory, $"shifted-{show}.{codec}");
        await File.WriteAllBytesAsync(file, listener.Body());
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.Equal(codec, probe.Codec);
        Assert.InRange(probe.DurationSeconds, 2, 12);
    }

    [Fact]
    public async Task Hls_segments_keep_their_codec_and_extension_with_a_discontinuity_where_it_changes()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var playlist = await http.GetStringAsync(node.Http("/live/dvr.m3u8"));
        var lines = playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var segments = lines.Select((line, i) => (line, i)).Where(l => !l.line.StartsWith('#')).ToList();
        var extensions = segments.Select(s => Path.GetExtension(new Uri(node.Http(s.line), s.line).AbsolutePath)).ToList();

        Assert.Equal([".mp3", ".aac", ".mp3", ".aac"], Runs(extensions));
        for (var i = 1; i < segments.Count; i++)
        {
            if (extensions[i] != extensions[i - 1])
            {
                Assert.Contains("#EXT-X-DISCONTINUITY", lines[segments[i - 1].i..segments[i].i]);
            }
        }

        foreach (var extension in new[] { ".mp3", ".aac" })
        {
            var first = segments[extensions.IndexOf(extension)].line;
            using var response = await http.GetAsync(node.Http(first));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(extension == ".mp3" ? "audio/mpeg" : "audio/aac", response.Content.Headers.ContentType?.MediaType);
            var file = Path.Combine(node.RootDirectory, "segment" + extension);
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        }

        var other = SegmentName().Replace(segments[0].line, m => m.Groups[1].Value + ".aac");
        using var renamed = await http.GetAsync(node.Http(other));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, renamed.StatusCode);
    }

    [Fact]
    public async Task Ffmpeg_reads_the_live_window_after_a_codec_change()
    {
        var file = Path.Combine(node.RootDirectory, "window.aac");
        var recorded = await FfmpegProcess.RecordAsync(node.Http("/live.m3u8"), 3, file, RecordTimeout);

        Assert.True(recorded.ExitCode == 0, recorded.Output);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        Assert.Equal("aac", (await FfmpegProcess.ProbeAsync(file)).Codec);
    }

    [Theory]
    [InlineData(1, "aac")]
    [InlineData(2, "mp3")]
    public async Task Ffmpeg_reads_a_shifted_window_in_the_codec_of_the_show_it_ends_in(int show, string codec)
    {
        var offset = (long)(DateTime.UtcNow - fixture.Shows[show].StartUtc.AddSeconds(5)).TotalSeconds;
        var file = Path.Combine(node.RootDirectory, $"window-{show}.{codec}");
        var recorded = await FfmpegProcess.RecordAsync(node.Http($"/live.m3u8?offset={offset}"), 2, file, RecordTimeout);

        Assert.True(recorded.ExitCode == 0, recorded.Output);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        Assert.Equal(codec, (await FfmpegProcess.ProbeAsync(file)).Codec);
    }

    /// <summary>The distinct values in order, each run of equal neighbours once.</summary>
    private static List<string> Runs(List<string> values) =>
        values.Where((value, i) => i == 0 || values[i - 1] != value).ToList();

    [GeneratedRegex(@"(\d+)\.mp3")]
    private static partial Regex SegmentName();
}
