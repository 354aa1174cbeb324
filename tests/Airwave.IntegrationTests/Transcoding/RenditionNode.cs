using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>
/// A node whose <c>/tones</c> channel (128 kbit/s MP3: 8 s of 440 Hz, 880 Hz and 1320 Hz, looped in real time) has two
/// renditions made by ffmpeg: <c>/tones-aac64</c>, <c>/tones-aac32</c> and the mono <c>/tones-mp3-32</c>. The group
/// <c>tones</c> is the channel's own (all four levels); <c>tones-aac</c> holds the two AAC renditions a player switches between.
/// </summary>
public sealed class RenditionNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            tones {
              password = "pw-tones"
              hls.segment-duration = 2s
              renditions = [
                { name = aac64, codec = aac, bitrate = 64k },
                { name = aac32, codec = aac, bitrate = 32k },
                { name = mp3-32, codec = mp3, bitrate = 32k, channels = 1 }
              ]
            }
          }
          groups.tones-aac = [tones-aac64, tones-aac32]
        }
        """,
})
{
    public const string SourcePassword = "pw-tones";
    public const int SegmentSeconds = 8;
    public static readonly int[] Tones = [440, 880, 1320];
    private ChildProcess? source;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var file = Path.Combine(Node.RootDirectory, "tones.mp3");
        await FfmpegProcess.WriteToneSequenceAsync(file, [.. Tones.Select(hz => (hz, SegmentSeconds))]);
        source = FfmpegProcess.PushSource(file, $"icecast://source:{SourcePassword}@127.0.0.1:{Node.HttpPort}/tones", "audio/mpeg", "mp3", Node.Log, loop: true);
    }

    public override async Task DisposeAsync()
    {
        if (source is not null)
        {
            await source.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
