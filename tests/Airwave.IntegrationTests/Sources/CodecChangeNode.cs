using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>
/// <c>/live</c> falls back to the looping MP3 <c>/demo</c> and hears four shows in turn, as a station's schedule does:
/// MP3, AAC, MP3, AAC, then no source. One listener joins during each of the first two shows and stays connected.
/// </summary>
public sealed class CodecChangeNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            demo { loop-file = "assets/demo.mp3" }
            live {
              password = "pw-live"
              fallback-mount = "/demo"
              hls { segment-duration = 2s }
            }
          }
        }
        """,
})
{
    private static readonly TimeSpan ShowLength = TimeSpan.FromSeconds(7);

    /// <summary>When each show's audio was first seen, and its content type.</summary>
    internal List<(DateTime StartUtc, string ContentType)> Shows { get; } = [];

    /// <summary>Listeners that connected during the first (MP3) and the second (AAC) show.</summary>
    internal List<RawListenerClient> Listeners { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Node.WaitForSourceAudioAsync("demo", 1);
        (string File, string ContentType, string Muxer)[] schedule =
        [
            (Fixtures.Mp3Stereo128, "audio/mpeg", "mp3"),
            (Fixtures.AacStereo64, "audio/aac", "adts"),
            (Fixtures.Mp3Stereo128, "audio/mpeg", "mp3"),
            (Fixtures.AacStereo64, "audio/aac", "adts"),
        ];
        foreach (var (file, contentType, muxer) in schedule)
        {
            var lastSeq = (await Node.ChannelAsync("live")).LastSeq();
            await using (FfmpegProcess.PushSource(file, $"icecast://source:pw-live@127.0.0.1:{Node.HttpPort}/live", contentType, muxer, Node.Log))
            {
                await Node.WaitForChannelAsync(
                    "live", c => c.Source() == "connected" && c.LastSeq() > lastSeq && ContentType(c) == contentType, $"the {contentType} show on the air");
                Shows.Add((DateTime.UtcNow, contentType));
                if (Listeners.Count < 2)
                {
                    Listeners.Add(await RawListenerClient.GetAsync(Node.HttpPort, "/live"));
                }

                await Task.Delay(ShowLength);
            }

            await Node.WaitForChannelAsync("live", c => c.Source() == "lost", "the show's source gone");
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var listener in Listeners)
        {
            listener.Dispose();
        }

        await base.DisposeAsync();
    }

    private static string? ContentType(JsonElement channel) =>
        channel.TryGetProperty("contentType", out var type) ? type.GetString() : null;
}
