using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Archive;

/// <summary>A node whose <c>/arch</c> mount receives 24 s of tones in real time, segmented (2 s) and archived as it arrives.</summary>
public sealed class ArchiveNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            arch { password = "pw-arch", hls { segment-duration = 2s } }
          }
        }
        """,
})
{
    private ChildProcess? source;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var file = Path.Combine(Node.RootDirectory, "arch.mp3");
        await FfmpegProcess.WriteToneSequenceAsync(file, (440, 12), (880, 12));
        source = FfmpegProcess.PushSource(file, $"icecast://source:pw-arch@127.0.0.1:{Node.HttpPort}/arch", "audio/mpeg", "mp3", Node.Log);
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
