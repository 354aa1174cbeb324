using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Analytics;

/// <summary>
/// The listening analytics end to end on a real node: scripted listeners of known durations (raw, ICY, HLS and a
/// download) and ffmpeg reading HLS, then the report, the CLI and the export say what they did.
/// </summary>
public sealed class ListeningAnalyticsTests(ITestOutputHelper output) : NodePerTest(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private protected override NodeOptions Options => new()
    {
        Config = """
            airwave {
              node-name = analytics-node
              analytics { flush-interval = 200ms, progress-interval = 1s, hls-session-timeout = 3s, live-within = 8s }
              channels.live { password = hackme, hls.segment-duration = 2s }
            }
            """,
    };

    [Fact]
    public async Task Scripted_listeners_of_known_durations_are_reported_exactly_by_output_and_offset_and_exported()
    {
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128, $"icecast://source:hackme@127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/live", "audio/mpeg", "mp3", Node.Log, loop: true);
        await Node.WaitForSourceAudioAsync("live", 16);
        var from = DateTime.UtcNow.AddSeconds(-1);

        // Three stream listeners for 5, 6 and 8 s (the 6 s one asks for ICY metadata), and meanwhile two HLS players
        // that fetch the newest 3 and 5 segments, each retrying its last (a retry counts once).
        var raw = new[] { (Seconds: 5, Icy: false), (Seconds: 6, Icy: true), (Seconds: 8, Icy: false) }
            .Select((l, i) => ListenAsync(l.Seconds, $"probe-raw-{i}", l.Icy)).ToList();
        await Node.WaitForChannelAsync("live", c => c.Listeners() == 3, "three stream listeners");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var hlsSeconds = await FetchSegmentsAsync(http, "hls-a", 3) + await FetchSegmentsAsync(http, "hls-b", 5);
        await Task.WhenAll(raw);

        // A download of 4 s from 12 s ago: rewind, unlike the rest.
        var clipStart = DateTime.UtcNow.AddSeconds(-12).ToString("o", CultureInfo.InvariantCulture);
        using (var download = new HttpRequestMessage(HttpMethod.Get, Node.Http($"/live/download?start={Uri.EscapeDataString(clipStart)}&duration=4")))
        {
            download.Headers.UserAgent.Add(new ProductInfoHeaderValue("probe-download", "1"));
            using var response = await http.SendAsync(download);
            Assert.True(response.IsSuccessStatusCode, $"the download answered {(int)response.StatusCode}");
            await response.Content.ReadAsByteArrayAsync();
        }

        var window = $"channel=live&from={Uri.EscapeDataString(from.ToString("o", CultureInfo.InvariantCulture))}";
        await Poll.UntilAsync(() => ExportAsync(window), listens => listens.Count == 6 && listens.All(l => l.GetProperty("ended").GetBoolean()), Patience, "six ended listens");
        var report = await Node.GetAdminJsonAsync("api/analytics?" + window);
        Output.WriteLine(report.ToString());

        var total = report.GetProperty("total");
        Assert.Equal((6, 6, 5), (Int(total, "sessions"), Int(total, "unique_listeners"), Int(total, "peak_concurrent")));
        var outputs = report.GetProperty("by_output");
        Assert.Equal((2, 1, 2, 1), (Int(outputs.GetProperty("raw"), "sessions"), Int(outputs.GetProperty("icy"), "sessions"), Int(outputs.GetProperty("hls"), "sessions"), Int(outputs.GetProperty("download"), "sessions")));
        Assert.Equal(hlsSeconds, Seconds(outputs.GetProperty("hls")), 2);
        // A stream listener counts from its connection to when the node saw it close: a chunk or two after the client did.
        Assert.InRange(Seconds(outputs.GetProperty("raw")), 13, 15);
        Assert.InRange(Seconds(outputs.GetProperty("icy")), 6, 7);
        Assert.InRange(Seconds(outputs.GetProperty("download")), 3.9, 4.3);
        var offsets = report.GetProperty("by_offset");
        Assert.Equal((5, 1), (Int(offsets.GetProperty("live"), "sessions"), Int(offsets.GetProperty("rewind"), "sessions")));
        Assert.Equal(6, report.GetProperty("intervals").EnumerateArray().Sum(i => Int(i, "sessions")));

        var table = await Node.CliOutputAsync("analytics", "--channel", "live", "--from", from.ToString("o", CultureInfo.InvariantCulture));
        Assert.Contains(table.Split('\n'), l => l.StartsWith("hls ", StringComparison.Ordinal) && l.Contains("| 2 ", StringComparison.Ordinal));
        var csv = (await Node.CliOutputAsync("analytics", "export", "--channel", "live", "--from", from.ToString("o", CultureInfo.InvariantCulture), "--format", "csv"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, csv.Length);
        Assert.StartsWith("listen_id,session_id,channel,output,client,user_agent", csv[0], StringComparison.Ordinal);
        Assert.Contains(csv, l => l.Contains("\"probe-download/1\"", StringComparison.Ordinal) && l.Contains("\"download\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ffmpeg_reading_hls_is_one_session_with_at_least_what_it_recorded()
    {
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128, $"icecast://source:hackme@127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/live", "audio/mpeg", "mp3", Node.Log, loop: true);
        await Node.WaitForSourceAudioAsync("live", 6);
        var from = DateTime.UtcNow.AddSeconds(-1);

        var result = await FfmpegProcess.RecordAsync(Node.Http("/live.m3u8"), 8, Path.Combine(Node.RootDirectory, "analytics.mp3"), Patience);
        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");

        var window = $"channel=live&from={Uri.EscapeDataString(from.ToString("o", CultureInfo.InvariantCulture))}";
        var listens = await Poll.UntilAsync(() => ExportAsync(window), l => l.Count == 1 && l[0].GetProperty("ended").GetBoolean(), Patience, "ffmpeg's HLS session ended");
        var listen = listens[0];
        Assert.Equal("hls", listen.GetProperty("output").GetString());
        Assert.StartsWith("Lavf/", listen.GetProperty("user_agent").GetString(), StringComparison.Ordinal);
        // ffmpeg reads ahead of what it keeps: the segments it fetched hold at least its 8 s, and its last ones at most.
        Assert.InRange(listen.GetProperty("seconds").GetDouble(), 8, 8 + (3 * 2.5));
    }

    private static int Int(JsonElement figures, string name) => figures.GetProperty(name).GetInt32();

    private static double Seconds(JsonElement figures) => figures.GetProperty("tlh_hours").GetDouble() * 3600;

    /// <summary>A stream listener that stays <paramref name="seconds"/> and hangs up.</summary>
    private async Task ListenAsync(int seconds, string userAgent, bool icy)
    {
        using var listener = await RawListenerClient.GetAsync(Node.HttpPort, "/live", "HTTP/1.0", icy ? ["User-Agent: " + userAgent, "Icy-MetaData: 1"] : ["User-Agent: " + userAgent]);
        await listener.WaitForBytesAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>An HLS player of session <paramref name="session"/> fetching the newest <paramref name="count"/> segments; returns their EXTINF total.</summary>
    private async Task<double> FetchSegmentsAsync(HttpClient http, string session, int count)
    {
        var playlist = (await http.GetStringAsync(Node.Http("/live.m3u8?sid=" + session))).Split('\n');
        var segments = playlist
            .Select((line, i) => (line, i))
            .Where(l => l.line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => (Seconds: double.Parse(l.line["#EXTINF:".Length..].TrimEnd(',', '\r').Split(',')[0], CultureInfo.InvariantCulture), Uri: playlist[l.i + 1].Trim()))
            .TakeLast(count)
            .ToList();
        Assert.Equal(count, segments.Count);
        foreach (var (_, uri) in segments.Append(segments[^1]))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Node.Http(uri));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue(session, "1"));
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{uri} answered {(int)response.StatusCode}");
            await response.Content.ReadAsByteArrayAsync();
        }

        return segments.Sum(s => s.Seconds);
    }

    private async Task<List<JsonElement>> ExportAsync(string window)
    {
        using var response = await Node.Admin.GetAsync("api/analytics/listens?format=ndjson&" + window);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }
}
