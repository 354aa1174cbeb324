using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Archive;

/// <summary>Downloads, Range requests, VOD playlists and name checks against a real node fed by ffmpeg, judged by ffprobe and ffmpeg.</summary>
public sealed class DownloadTests(ArchiveNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<ArchiveNode>
{
    private const int SampleRate = 44100;
    private const double FrameSeconds = 1152.0 / SampleRate;
    private readonly NodeProcess node = fixture.Node;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Ten_second_download_decodes_to_ten_seconds_within_a_frame()
    {
        var start = await WindowStartAsync();
        using var response = await Http.GetAsync(node.Http($"/arch/download?start={Iso(start)}&duration=10"));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var file = Path.Combine(node.RootDirectory, $"clip-{Guid.NewGuid():N}.mp3");
        await File.WriteAllBytesAsync(file, body);
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.InRange(probe.DurationSeconds, 10 - FrameSeconds, 10 + FrameSeconds);
        var pcm = await FfmpegProcess.DecodePcmAsync(file, SampleRate);
        Assert.InRange(pcm.Length / (double)SampleRate, 10 - FrameSeconds, 10 + FrameSeconds);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task Range_pieces_concatenate_to_the_whole_download()
    {
        var url = node.Http($"/arch/download?start={Iso(await WindowStartAsync())}&duration=8");
        var whole = await Http.GetByteArrayAsync(url);
        var length = whole.Length;

        var pieces = new List<byte>();
        foreach (var (range, from, to) in new[] { ("bytes=0-999", 0, 999), ($"bytes=1000-{length - 501}", 1000, length - 501), ("bytes=-500", length - 500, length - 1) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Range", range);
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(new ContentRangeHeaderValue(from, to, length), response.Content.Headers.ContentRange);
            pieces.AddRange(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(whole, pieces.ToArray());
    }

    [Fact]
    public async Task Unsatisfiable_range_is_416_with_the_length()
    {
        var url = node.Http($"/arch/download?start={Iso(await WindowStartAsync())}&duration=5");
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var length = head.Content.Headers.ContentLength!.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Range", $"bytes={length}-");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{length}", response.Content.Headers.GetValues("Content-Range").Single());
    }

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=500-100")]
    [InlineData("items=0-99")]
    [InlineData("bytes=+1-2")]
    public async Task Invalid_range_is_ignored_and_the_whole_clip_sent(string range)
    {
        // RFC 9110 §14.2: a Range that is not valid syntax (or not in bytes) is ignored, not refused with 416.
        var url = node.Http($"/arch/download?start={Iso(await WindowStartAsync())}&duration=5");
        var whole = await Http.GetByteArrayAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(whole, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Vod_playlist_over_the_archive_is_read_by_ffmpeg()
    {
        var start = await WindowStartAsync();
        var url = node.Http($"/arch/archive.m3u8?start={Iso(start)}&end={Iso(start.AddSeconds(8))}");
        var playlist = await Http.GetStringAsync(url);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:", playlist, StringComparison.Ordinal);

        var file = Path.Combine(node.RootDirectory, $"vod-{Guid.NewGuid():N}.mp3");
        var recorded = await ChildProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-i", url.ToString(), "-c", "copy", "-y", file], TimeSpan.FromSeconds(60));

        Assert.True(recorded.ExitCode == 0, $"ffmpeg could not read the VOD playlist: {recorded.Output}\n{playlist}");
        Assert.InRange((await FfmpegProcess.ProbeAsync(file)).DurationSeconds, 6, 14);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
    }

    [Theory]
    [InlineData("/arch/archive/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/arch/archive/%5C..%5Cdata")]
    [InlineData("/arch/archive/%2Fetc%2Fpasswd")]
    [InlineData("/..%2Farch-202611210900_30.mp3")]
    public async Task Names_with_path_tricks_are_400(string path)
    {
        using var response = await Http.GetAsync(node.Http(path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Window_outside_the_archive_is_404_with_a_reason()
    {
        await WindowStartAsync();
        using var response = await Http.GetAsync(node.Http($"/arch/download?start={Iso(DateTime.UtcNow.AddDays(-1))}&duration=60"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nothing archived or buffered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drr_name_serves_what_exists_of_its_minute_and_lists_the_gaps()
    {
        // The minute around the middle of the 20 s held always holds at least 10 s of it, wherever the minute boundary falls.
        var middle = (await WindowStartAsync()).AddSeconds(8);
        var minute = middle.AddTicks(-(middle.Ticks % TimeSpan.TicksPerMinute));
        using var response = await Http.GetAsync(node.Http($"/arch-{minute:yyyyMMddHHmm}_1.mp3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Airwave-Gaps"), "a minute only partly held must list its gaps");
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    private static string Iso(DateTime utc) => Uri.EscapeDataString(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Waits for 20 s of audio and answers a start 2 s into it.</summary>
    private async Task<DateTime> WindowStartAsync()
    {
        var channel = await node.WaitForChannelAsync("arch", c => c.BufferSeconds() >= 20, "20 s of audio buffered", TimeSpan.FromSeconds(90));
        return channel.OldestUtc().AddSeconds(2);
    }
}
