using System.Net.Sockets;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Tls;

/// <summary>
/// What the plain listener port serves, served over TLS on <c>airwave.tls.port</c> to real clients: curl and ffmpeg
/// trusting the node's certificate, an ffmpeg source with <c>-tls 1</c>, and live segments on a kept-alive connection,
/// whose bytes would be garbled if anything wrote to the socket beside the TLS stream.
/// </summary>
public sealed class TlsListenerTests(TlsNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TlsNode>
{
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Curl_trusting_the_certificate_gets_the_raw_stream_over_https_as_mp3()
    {
        await node.WaitForSourceAudioAsync("demo", 4);
        var headers = Path.Combine(node.RootDirectory, "curl-headers.txt");
        var body = Path.Combine(node.RootDirectory, "curl-demo.mp3");

        // The stream never ends: curl stops it after --max-time (exit 28), and what it received is checked.
        var result = await ChildProcess.RunAsync(
            "curl", ["-sS", "--cacert", fixture.CertificateFile, "--max-time", "4", "-D", headers, "-o", body, fixture.Https("/demo").ToString()], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode is 0 or 28, $"curl exited {result.ExitCode}: {result.Output}");
        Assert.StartsWith("HTTP/1.0 200 OK", await File.ReadAllTextAsync(headers), StringComparison.Ordinal);
        Assert.True(new FileInfo(body).Length > 32 * 1024, $"curl received {new FileInfo(body).Length} bytes");
        var probe = await FfmpegProcess.ProbeAsync(body);
        Assert.True(probe.Codec == "mp3" && probe.SampleRate == 44100, probe.Raw);
    }

    [Fact]
    public async Task Ffmpeg_verifying_the_certificate_records_the_raw_stream_over_https_and_it_decodes()
    {
        await node.WaitForSourceAudioAsync("demo", 4);
        var file = Path.Combine(node.RootDirectory, "ffmpeg-demo.mp3");

        var result = await FfmpegProcess.RecordAsync(fixture.Https("/demo"), 4, file, TimeSpan.FromSeconds(60), ["-tls_verify", "1", "-ca_file", fixture.CertificateFile]);

        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.Codec == "mp3" && probe.DurationSeconds >= 3.5, probe.Raw);
    }

    [Fact]
    public async Task Ffmpeg_records_the_hls_playlist_over_https_and_it_decodes()
    {
        await node.WaitForSourceAudioAsync("demo", 14);
        var file = Path.Combine(node.RootDirectory, "ffmpeg-demo-hls.mp3");

        var result = await FfmpegProcess.RecordAsync(fixture.Https("/demo.m3u8"), 8, file, TimeSpan.FromSeconds(90), ["-tls_verify", "1", "-ca_file", fixture.CertificateFile]);

        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.Codec == "mp3" && probe.DurationSeconds >= 7, probe.Raw);
    }

    [Fact]
    public async Task Live_segments_on_one_kept_alive_tls_connection_are_the_bytes_the_plain_port_serves()
    {
        await node.WaitForSourceAudioAsync("demo", 14);
        using var lookup = Trusting();
        var segments = await Poll.UntilAsync(
            async () => (await lookup.GetStringAsync(fixture.Https("/demo.m3u8"))).Split('\n').Where(l => l.StartsWith("/demo/hls/", StringComparison.Ordinal)).Take(2).ToArray(),
            paths => paths.Length == 2,
            TimeSpan.FromSeconds(60),
            "two segments of /demo");
        var connections = 0;
        using var kept = Trusting(new SocketsHttpHandler
        {
            // One connection whose first request is a segment: the node serves segments on it before Kestrel, keeps it,
            // and hands it to Kestrel at the playlist.
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        var first = await kept.GetByteArrayAsync(fixture.Https(segments[0]));
        var second = await kept.GetByteArrayAsync(fixture.Https(segments[1]));
        var firstAgain = await kept.GetByteArrayAsync(fixture.Https(segments[0]));
        var playlist = await kept.GetStringAsync(fixture.Https("/demo.m3u8"));

        Assert.Equal(1, connections);
        Assert.Equal("ID3"u8.ToArray(), first[..3]);
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        Assert.Equal(await plain.GetByteArrayAsync(node.Http(segments[0])), first);
        Assert.Equal(await plain.GetByteArrayAsync(node.Http(segments[1])), second);
        Assert.Equal(first, firstAgain);
        Assert.StartsWith("#EXTM3U", playlist, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/demo.m3u")]
    [InlineData("/demo.pls")]
    public async Task Playlists_fetched_over_https_point_at_the_stream_over_https(string path)
    {
        using var https = Trusting();

        var text = await https.GetStringAsync(fixture.Https(path));

        Assert.Contains(fixture.Https("/demo").ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ffmpeg_source_over_tls_is_heard_by_a_listener_over_https()
    {
        var tlsSource = $"icecast://source:hackme@127.0.0.1:{fixture.TlsPort}/live";
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Mono32, tlsSource, "audio/mpeg", "mp3", node.Log, ["-tls", "1"], loop: true);
        await node.WaitForSourceAudioAsync("live", 3);
        var file = Path.Combine(node.RootDirectory, "ffmpeg-live.mp3");

        var result = await FfmpegProcess.RecordAsync(fixture.Https("/live"), 3, file, TimeSpan.FromSeconds(60), ["-tls_verify", "1", "-ca_file", fixture.CertificateFile]);

        Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
        // The source's 22.05 kHz mono, not the 44.1 kHz stereo chime of the fallback /demo.
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.Codec == "mp3" && probe.SampleRate == 22050 && probe.Channels == 1, probe.Raw);
    }

    [Fact]
    public async Task A_liquidsoap_source_with_protocol_https_feeds_the_mount()
    {
        await using var source = Sources.LiquidsoapSource.Start(node.RootDirectory, fixture.TlsPort, "/liquid", "hackme", "put", chunked: false, node.Log, protocol: "https");

        var channel = await node.WaitForSourceAudioAsync("liquid", 3, TimeSpan.FromSeconds(60));

        Assert.Equal("connected", channel.Source());
    }

    [Theory]
    [InlineData("hls")]
    [InlineData("raw")]
    public async Task Chromium_plays_the_player_page_loaded_over_https(string element)
    {
        await node.WaitForSourceAudioAsync("demo", 14);
        await using var chromium = await HeadlessChromium.LaunchAsync(autoplay: true, ignoreHttpsErrors: true);
        await chromium.Page.GotoAsync(fixture.Https("/static/player.html?mount=demo&via=" + element).ToString());

        // Playing through three seconds: the page, hls.js, playlists and segments (or the raw stream) all came over TLS.
        await Poll.UntilAsync(
            () => chromium.Page.EvalOnSelectorAsync<double>("#" + element, "e => e.currentTime"),
            playhead => playhead >= 3,
            TimeSpan.FromSeconds(45),
            $"the {element} player over https",
            () => string.Join(" | ", chromium.Console));
        Assert.StartsWith("https://", chromium.Page.Url, StringComparison.Ordinal);
    }

    /// <summary>An HTTP client that accepts exactly the node's certificate.</summary>
    private HttpClient Trusting(SocketsHttpHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == fixture.Certificate.GetCertHashString();
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }
}
