using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.TimeShift;

/// <summary>
/// A node whose <c>/tones</c> mount receives, in real time, 8 s of 440 Hz, then 8 s of 880 Hz, then 8 s of 1320 Hz, so a
/// time-shifted listener's position can be told from the pitch it hears.
/// </summary>
public sealed class ToneSequenceNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            tones { password = "pw-tones" }
          }
        }
        """,
})
{
    public const int SegmentSeconds = 8;
    public static readonly int[] Tones = [440, 880, 1320];
    private ChildProcess? source;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var file = Path.Combine(Node.RootDirectory, "tones.mp3");
        await FfmpegProcess.WriteToneSequenceAsync(file, [.. Tones.Select(hz => (hz, SegmentSeconds))]);
        source = FfmpegProcess.PushSource(file, $"icecast://source:pw-tones@127.0.0.1:{Node.HttpPort}/tones", "audio/mpeg", "mp3", Node.Log);
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
