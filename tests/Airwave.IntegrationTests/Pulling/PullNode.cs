using System.Text;
using Airwave.IntegrationTests.Harness;
using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Pulling;

/// <summary>
/// A node whose channels pull real and hostile upstreams: Icecast 2 fed by ffmpeg, two paced MP3 upstreams for failover,
/// a live HLS window, an MPEG-TS stream, and upstreams that misbehave; <c>/demo</c> loops a file to show the node keeps serving.
/// </summary>
public sealed class PullNode : IAsyncLifetime
{
    private NodeProcess? node;
    private IcecastServer? icecast;
    private ChildProcess? icecastSource;

    internal NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    internal IcecastServer Icecast => icecast!;

    internal LoopbackUpstream Primary { get; } = LoopbackUpstream.Start();

    internal LoopbackUpstream Backup { get; } = LoopbackUpstream.Start();

    internal LoopbackUpstream Media { get; } = LoopbackUpstream.Start();

    internal LoopbackUpstream Hostile { get; } = LoopbackUpstream.Start();

    internal LiveHlsWindow Hls { get; } = new();

    public async Task InitializeAsync()
    {
        icecast = await IcecastServer.StartAsync();
        icecastSource = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, icecast.SourceUrl("/up.mp3"), "audio/mpeg", "mp3", icecast.Output, loop: true);
        Primary.Map("/stream", LoopbackUpstream.Paced("audio/mpeg", File.ReadAllBytes(Fixtures.Mp3Stereo128), 16_000, "icy-br: 128"));
        Backup.Map("/stream", LoopbackUpstream.Paced("audio/mpeg", File.ReadAllBytes(Fixtures.Mp3Mono32), 4_000, "icy-br: 32"));
        Media.Map("/live.ts", LoopbackUpstream.Paced("video/mp2t", File.ReadAllBytes(RepoLayout.Fixture("video-320x180-h264-aac.ts")), 53_600));
        Hls.MapOn(Media, "/hls");
        MapHostile();
        node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = $$"""
                airwave {
                  channel-defaults { backoff-min = 200ms, backoff-max = 2s }
                  channels {
                    demo { loop-file = "assets/demo.mp3" }
                    iceRelay { upstreams = [ { url = "{{icecast.ListenUrl("/up.mp3")}}", type = icecast } ], metadata-interval = 4000 }
                    failover {
                      upstreams = [ { url = "{{Primary.Url("/stream")}}" }, { url = "{{Backup.Url("/stream")}}" } ]
                      max-failures = 2
                      no-data-timeout = 3s
                      fail-back-after = 3s
                    }
                    hlsup { upstreams = [ { url = "{{Media.Url("/hls/index.m3u8")}}" } ], hls-initial-segments = 2 }
                    tv { upstreams = [ { url = "{{Media.Url("/live.ts")}}", user-agent = "TestAgent/1" } ] }
                    html { upstreams = [ { url = "{{Hostile.Url("/html")}}" } ], backoff-min = 1s }
                    headers { upstreams = [ { url = "{{Hostile.Url("/headers")}}" } ], backoff-min = 1s }
                    huge { upstreams = [ { url = "{{Hostile.Url("/huge.m3u8")}}" } ], backoff-min = 1s }
                    stuck { upstreams = [ { url = "{{Hostile.Url("/stuck.m3u8")}}", type = hls } ], no-data-timeout = 2s, backoff-min = 1s }
                    garbage { upstreams = [ { url = "{{Hostile.Url("/garbage")}}", type = icecast } ], backoff-min = 1s }
                  }
                }
                """,
        });
    }

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }

        if (icecastSource is not null)
        {
            await icecastSource.DisposeAsync();
        }

        if (icecast is not null)
        {
            await icecast.DisposeAsync();
        }

        foreach (var upstream in new[] { Primary, Backup, Media, Hostile })
        {
            await upstream.DisposeAsync();
        }
    }

    private void MapHostile()
    {
        Hostile.Map("/html", LoopbackUpstream.Body("text/html", () => "<html><body><h1>Service temporarily unavailable</h1></body></html>"u8.ToArray()));
        Hostile.Map("/headers", async (_, stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), ct);
            for (var i = 0; !ct.IsCancellationRequested; i++)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"X-Endless-{i}: {new string('a', 200)}\r\n"), ct);
            }
        });
        var huge = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
        for (var i = 0; i < 50_000; i++)
        {
            huge.Append("#EXTINF:2.0,\nsegment-").Append(i).Append(".ts\n");
        }

        var hugeBytes = Encoding.ASCII.GetBytes(huge.ToString());
        Hostile.Map("/huge.m3u8", LoopbackUpstream.Body("application/vnd.apple.mpegurl", () => hugeBytes));
        var sequence = 0L;
        Hostile.Map("/stuck.m3u8", LoopbackUpstream.Body("application/vnd.apple.mpegurl", () => Encoding.ASCII.GetBytes(
            $"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{Interlocked.Increment(ref sequence)}\n#EXTINF:1.0,\nstuck.ts\n#EXTINF:1.0,\nstuck.ts\n")));
        Hostile.Map("/stuck.ts", async (_, stream, ct) =>
        {
            await LoopbackUpstream.HeadAsync(stream, "video/mp2t", 1_000_000, ct);
            await stream.WriteAsync(new byte[188 * 4], ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        Hostile.Map("/garbage", async (_, stream, ct) =>
        {
            await LoopbackUpstream.HeadAsync(stream, "audio/mpeg", null, ct);
            var random = new Random(42);
            var noise = new byte[4096];
            while (!ct.IsCancellationRequested)
            {
                random.NextBytes(noise);
                for (var i = 0; i < noise.Length; i++)
                {
                    noise[i] = (byte)(noise[i] & 0x7F);
                }

                await stream.WriteAsync(noise, ct);
                await Task.Delay(20, ct);
            }
        });
    }
}
